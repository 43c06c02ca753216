package io.openwinrm.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OutputPumpTest {

    /**
     * The end of a stream is published (the progress callback, where the command may become Done) before the pump
     * counts as finished: whoever waits for {@code finished()} (a command's {@code terminated()}) and then receives
     * sees the End marker. In the other order a Receive could come between the two and get the last data without
     * it (ReceiveSequenceWireTest once failed so in CI).
     */
    @Test
    void theEndIsPublishedBeforeThePumpCountsAsFinished() {
        OutputBuffer buffer = new OutputBuffer(OutputBudget.root(1 << 20));
        AtomicReference<OutputPump> pump = new AtomicReference<>();
        List<String> seen = new ArrayList<>();
        pump.set(new OutputPump(new ByteArrayInputStream("last".getBytes()), buffer, null,
                () -> seen.add("eof " + buffer.isEof() + ", finished " + pump.get().finished().isDone())));
        pump.get().run();
        assertThat(seen).last().isEqualTo("eof true, finished false");
        assertThat(pump.get().finished()).isDone();
    }
}
