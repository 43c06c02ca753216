package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.soap.Envelope;

/**
 * A reply body as the client reads it ({@code client.internal.WsmanChannel}): {@link WsmanCodec#decode(byte[])} with
 * the charset from the document, then, for a fault, what the client derives from it (the exception text, the
 * TimedOut test, the fault kind). Seeds: the recorded Windows responses and faults of {@code shared/vectors/windows}.
 *
 * <p>Documented rejection: {@link WsmanFaultException} (the client turns it into a transport error), with no
 * programming error as its cause.
 */
class WsmanReplyFuzzTest {

    private static final WsmanCodec CODEC = new WsmanCodec();

    @DictionaryFile(resourcePath = "xml.dict")
    @FuzzTest
    void reply(byte[] input) {
        Envelope env;
        try {
            env = CODEC.decode(input);
        } catch (WsmanFaultException e) {
            Findings.requireNoBugInside(e);
            return;
        }
        env.header().relatesTo();
        if (env.body() instanceof WsmanFault fault) {
            new WinRmFaultException(fault).getMessage();
            fault.isTimedOut();
            fault.kind();
        }
    }
}
