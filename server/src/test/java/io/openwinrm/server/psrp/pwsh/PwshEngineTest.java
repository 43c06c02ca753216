package io.openwinrm.server.psrp.pwsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.psrp.fragment.Fragment;
import io.openwinrm.psrp.fragment.FragmentCodec;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.PipelineStateMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.psrp.FragmentBoundaries;
import io.openwinrm.server.psrp.engine.EngineOutput;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.testing.FakeLauncher;
import io.openwinrm.server.testing.FakeProcess;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pwsh bridge against a scripted child on real pipes: packets as pwsh writes and reads them (psrp.md 5),
 * acknowledgements awaited, fragments split across Data lines reassembled at fragment boundaries, a pipeline's final
 * PIPELINE_STATE ending its Receive and closing it in the child, and a child that breaks the framing ending the
 * engine with the reason.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PwshEngineTest {

    private static final UUID POOL_ID = UUID.fromString("49ee5c41-e806-4a44-b192-dad4b3aeecb5");
    private static final UUID PIPELINE = UUID.fromString("79590bbd-46e2-486a-85b0-70ea7049235e");

    private final Output output = new Output();
    private FakeProcess child;
    private PwshEngine engine;
    private BufferedReader fromBridge;

    @BeforeEach
    void start() throws Exception {
        FakeLauncher launcher = new FakeLauncher();
        child = (FakeProcess) launcher.launch(new LaunchSpec(List.of("pwsh", "-NoLogo", "-NoProfile", "-s"),
                Path.of("/"), Map.of()));
        engine = new PwshEngine(POOL_ID, child, output);
        engine.start();
        fromBridge = new BufferedReader(new InputStreamReader(child.stdinReader(), StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        if (!child.exited()) {
            child.finish(0);
        }
    }

    @Test
    void poolDataIsSentAsADataPacketAndWaitsForItsAck() throws Exception {
        byte[] fragment = fragment(1, new byte[] {1, 2, 3});
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> call(() -> engine.poolInput(fragment)));
        String line = fromBridge.readLine();
        assertThat(line).isEqualTo("<Data Stream='Default' PSGuid='00000000-0000-0000-0000-000000000000'>"
                + Base64.getEncoder().encodeToString(fragment) + "</Data>");
        Thread.sleep(100);
        assertThat(sent).isNotDone();
        write("<DataAck PSGuid='00000000-0000-0000-0000-000000000000' />");
        sent.get(5, TimeUnit.SECONDS);
    }

    @Test
    void hostResponsesGoOnThePromptResponseStream() throws Exception {
        byte[] message = new byte[40];
        message[4] = 0x01;
        message[5] = 0x11;
        message[6] = 0x02; // 0x00021101 RUNSPACEPOOL_HOST_RESPONSE, little-endian
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> call(() ->
                engine.poolInput(fragment(1, message))));
        assertThat(fromBridge.readLine()).startsWith("<Data Stream='PromptResponse' PSGuid='00000000-");
        write("<DataAck PSGuid='00000000-0000-0000-0000-000000000000' />");
        sent.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFragmentSplitAcrossDataLinesComesOutWhole() throws Exception {
        byte[] f = fragment(1, "<Obj RefId=\"0\"><MS /></Obj>".getBytes(StandardCharsets.UTF_8));
        byte[] first = Arrays.copyOf(f, 10);
        byte[] rest = Arrays.copyOfRange(f, 10, f.length);
        write(data(OutOfProcPacket.POOL, first));
        write(data(OutOfProcPacket.POOL, rest));
        byte[] got = output.pool.poll(5);
        assertThat(got).isEqualTo(f);
    }

    @Test
    void aPipelineEndsAtItsFinalStateAndIsClosedInTheChild() throws Exception {
        CompletableFuture<Void> created = CompletableFuture.runAsync(() -> call(() ->
                engine.createPipeline(PIPELINE, fragment(1, new byte[] {9}))));
        assertThat(fromBridge.readLine()).isEqualTo("<Command PSGuid='" + PIPELINE + "' />");
        write("<CommandAck PSGuid='" + PIPELINE + "' />");
        assertThat(fromBridge.readLine()).startsWith("<Data Stream='Default' PSGuid='" + PIPELINE + "'>");
        write("<DataAck PSGuid='" + PIPELINE + "' />");
        created.get(5, TimeUnit.SECONDS);
        byte[] running = state(2, 1);
        byte[] completed = state(3, 4);
        write(data(PIPELINE, running));
        write(data(PIPELINE, completed));
        assertThat(output.pipeline.poll(5)).isEqualTo(running);
        assertThat(output.pipeline.poll(5)).isEqualTo(completed);
        assertThat(output.done.poll(5)).isEqualTo(PIPELINE.toString());
        assertThat(fromBridge.readLine()).isEqualTo("<Close PSGuid='" + PIPELINE + "' />");
    }

    @Test
    void aLineThatIsNoPacketEndsTheEngine() throws Exception {
        write("Hello from a profile script");
        assertThat(output.ended.poll(5)).contains("no out-of-process packet");
        assertThatThrownBy(() -> engine.poolInput(fragment(1, new byte[] {1}))).isInstanceOf(
                PsrpEngineException.class);
    }

    @Test
    void aClientOnlyPacketFromTheChildEndsTheEngine() throws Exception {
        write("<Command PSGuid='" + PIPELINE + "' />");
        assertThat(output.ended.poll(5)).contains("only a client sends");
    }

    @Test
    void anEndlessLineEndsTheEngineWithoutBufferingIt() throws Exception {
        CompletableFuture.runAsync(() -> {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'A');
            try {
                for (int i = 0; i < 100; i++) {
                    child.writeOut(chunk);
                }
            } catch (Exception ignored) {
                // the bridge stopped reading
            }
        });
        assertThat(output.ended.poll(10)).contains("a line longer than " + PwshEngine.MAX_LINE);
    }

    @Test
    void aChildThatExitsEndsTheEngineWithItsExitCodeAndLastError() throws Exception {
        child.writeErr("starting\nfatal: cannot load runtime\n".getBytes(StandardCharsets.UTF_8));
        Thread.sleep(100);
        child.finish(134);
        String reason = output.ended.poll(5);
        assertThat(reason).contains("pwsh closed its output").contains("exit code 134")
                .contains("fatal: cannot load runtime");
    }

    @Test
    void closeSendsCloseForThePoolAndWaitsForItsAck() throws Exception {
        CompletableFuture<Void> closed = CompletableFuture.runAsync(engine::close);
        assertThat(fromBridge.readLine()).isEqualTo("<Close PSGuid='00000000-0000-0000-0000-000000000000' />");
        write("<CloseAck PSGuid='00000000-0000-0000-0000-000000000000' />");
        assertThat(fromBridge.readLine()).as("stdin closed after CloseAck").isNull();
        child.finish(4000 % 256);
        closed.get(10, TimeUnit.SECONDS);
        assertThat(output.ended).isEmpty();
    }

    @Test
    void packetsParseStrictly() {
        assertThatThrownBy(() -> OutOfProcPacket.parse("<Data Stream='Other' PSGuid='" + PIPELINE + "'>AA==</Data>"))
                .isInstanceOf(OutOfProcPacket.MalformedPacketException.class);
        assertThatThrownBy(() -> OutOfProcPacket.parse("<Data Stream='Default' PSGuid='" + PIPELINE + "'>!!</Data>"))
                .isInstanceOf(OutOfProcPacket.MalformedPacketException.class);
        assertThatThrownBy(() -> OutOfProcPacket.parse("<DataAck PSGuid='nope' />"))
                .isInstanceOf(OutOfProcPacket.MalformedPacketException.class);
    }

    @Test
    void randomLinesAndBytesAreRefusedOnlyWithTheTypedErrors() {
        Random random = new Random(12);
        String valid = "<Data Stream='Default' PSGuid='" + PIPELINE + "'>AAAAAAAAAAEAAAAAAAAAAAMAAAABCQ==</Data>";
        for (int i = 0; i < 20_000; i++) {
            char[] line = valid.toCharArray();
            for (int k = random.nextInt(4); k >= 0; k--) {
                line[random.nextInt(line.length)] = (char) random.nextInt(128);
            }
            String text = random.nextBoolean() ? new String(line) : new String(line, 0, random.nextInt(line.length));
            try {
                OutOfProcPacket.parse(text);
            } catch (OutOfProcPacket.MalformedPacketException expected) {
                // refused with the typed error
            }
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            try {
                new FragmentBoundaries(1 << 16).feed(bytes);
            } catch (IllegalArgumentException expected) {
                // refused with the typed error
            }
        }
    }

    @Test
    void linesAreBoundedAndCrLfIsAccepted() throws Exception {
        BoundedLineReader r = new BoundedLineReader(new ByteArrayInputStream("ab\r\ncd\nlast".getBytes(
                StandardCharsets.UTF_8)), 4);
        assertThat(r.readLine()).isEqualTo("ab");
        assertThat(r.readLine()).isEqualTo("cd");
        assertThat(r.readLine()).isEqualTo("last");
        assertThat(r.readLine()).isNull();
        BoundedLineReader tooLong = new BoundedLineReader(new ByteArrayInputStream("abcdef\n".getBytes(
                StandardCharsets.UTF_8)), 4);
        assertThatThrownBy(tooLong::readLine).isInstanceOf(BoundedLineReader.LineTooLongException.class);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void write(String line) throws Exception {
        child.writeOut((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String data(UUID target, byte[] bytes) {
        return new OutOfProcPacket.Data(OutOfProcPacket.Stream.DEFAULT, target, bytes).format();
    }

    private static byte[] fragment(long objectId, byte[] blob) {
        return FragmentCodec.encode(new Fragment(objectId, 0, true, true, blob));
    }

    private static byte[] state(long objectId, int state) {
        MessageBodyCodec codec = new MessageBodyCodec();
        byte[] message = PsrpMessageCodec.encode(codec.toMessage(PipelineStateMessage.of(state), POOL_ID, PIPELINE));
        return fragment(objectId, message);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void call(Call c) {
        try {
            c.run();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** What the engine hands the WS-Man layer. */
    private static final class Output implements EngineOutput {
        final Queue<byte[]> pool = new Queue<>();
        final Queue<byte[]> pipeline = new Queue<>();
        final Queue<String> done = new Queue<>();
        final Queue<String> ended = new Queue<>();

        @Override
        public void poolOutput(byte[] fragments) {
            pool.add(fragments);
        }

        @Override
        public void pipelineOutput(UUID pipelineId, byte[] fragments) {
            pipeline.add(fragments);
        }

        @Override
        public void pipelineDone(UUID pipelineId) {
            done.add(pipelineId.toString());
        }

        @Override
        public void engineEnded(String reason) {
            ended.add(reason);
        }
    }

    /** A blocking queue with a timed poll. */
    private static final class Queue<T> extends CopyOnWriteArrayList<T> {
        private static final long serialVersionUID = 1L;
        private final LinkedBlockingQueue<T> q = new LinkedBlockingQueue<>();

        @Override
        public boolean add(T t) {
            q.add(t);
            return super.add(t);
        }

        T poll(int seconds) throws InterruptedException {
            return q.poll(seconds, TimeUnit.SECONDS);
        }
    }
}
