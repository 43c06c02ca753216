package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.IdentifyRequest;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.RequestHeaderValidator;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A SOAP request body as the server reads it ({@code WsmanDispatcher}; for an unauthenticated Identify this happens
 * before authentication): {@link WsmanCodec#decode(byte[], Charset)} with the charset a client would announce (UTF-16
 * when the body starts with a byte-order mark, else UTF-8), the header validation, then the fault reply the server
 * builds from whatever header it read, which must encode to XML the client can read back and relate to the request.
 * Seeds: the recorded requests of {@code shared/vectors/windows}.
 *
 * <p>Documented rejection: {@link WsmanFaultException}, with no programming error as its cause.
 */
class WsmanRequestFuzzTest {

    private static final WsmanCodec CODEC = new WsmanCodec();

    @DictionaryFile(resourcePath = "xml.dict")
    @FuzzTest
    void request(byte[] input) {
        Header requestHeader;
        WsmanFaultException refusal;
        try {
            Envelope env = CODEC.decode(input, charsetOf(input));
            requestHeader = env.header();
            if (!(env.body() instanceof IdentifyRequest)) {
                RequestHeaderValidator.validate(requestHeader);
            }
            // what the server answers an unauthenticated request that is not Identify
            refusal = new WsmanFaultException(FaultKind.ACCESS_DENIED);
        } catch (WsmanFaultException e) {
            Findings.requireNoBugInside(e);
            refusal = e;
            requestHeader = e.requestHeader().orElse(null);
        }
        checkFaultReply(requestHeader, refusal);
    }

    /** The server's fault reply (as {@code WsmanDispatcher.faultReply} builds it) must be readable XML. */
    private static void checkFaultReply(Header requestHeader, WsmanFaultException refusal) {
        Header replyHeader = Header.responseTo(requestHeader, refusal.kind().action());
        byte[] reply = CODEC.encode(new Envelope(replyHeader, WsmanFault.of(refusal, "fuzz")));
        Envelope back;
        try {
            back = CODEC.decode(reply);
        } catch (WsmanFaultException e) {
            throw new AssertionError("the server's fault reply does not decode: " + e.getMessage() + "\n"
                    + new String(reply, StandardCharsets.UTF_8), e);
        }
        if (!(back.body() instanceof WsmanFault)) {
            throw new AssertionError("the fault reply decodes as " + back.body().getClass().getSimpleName());
        }
        String expected = requestHeader == null ? null : blankToNull(requestHeader.messageId());
        if (!Objects.equals(expected, blankToNull(back.header().relatesTo()))) {
            throw new AssertionError("RelatesTo " + back.header().relatesTo() + " does not echo MessageID "
                    + requestHeader.messageId());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.strip().isEmpty() ? null : s.strip();
    }

    private static Charset charsetOf(byte[] b) {
        boolean bom = b.length >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF)
                || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE));
        return bom ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8;
    }
}
