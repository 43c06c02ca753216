package io.openwinrm.fuzz;

import io.openwinrm.auth.encryption.EncryptedMessage;
import io.openwinrm.auth.encryption.EncryptedMessageCodec;
import io.openwinrm.auth.encryption.EncryptedMessageException;
import io.openwinrm.auth.encryption.EncryptionProtocol;
import io.openwinrm.auth.negotiate.NegotiateInitiator;
import io.openwinrm.auth.negotiate.NegotiateMechanismFactory;
import io.openwinrm.auth.ntlm.NtlmAcceptor;
import io.openwinrm.auth.ntlm.NtlmException;
import io.openwinrm.auth.ntlm.NtlmInitiator;
import io.openwinrm.auth.ntlm.NtlmSessionSecurity;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.SecurityContext.SealingException;
import io.openwinrm.auth.spnego.NegTokenInit;
import io.openwinrm.auth.spnego.NegTokenResp;
import io.openwinrm.auth.spnego.SpnegoCodec;
import io.openwinrm.auth.spnego.SpnegoOids;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The binary seeds, built from the recorded SOAP requests, the [MS-NLMP] 4.2.4 exchange and OpenWinRM's own client and
 * server messages (what pywinrm/pypsrp send has the same shape). Deterministic: {@link SeedFilesTest} checks that
 * the kept files are exactly these, and rewrites them with {@code -Dopenwinrm.fuzz.write-seeds=true}.
 */
final class Seeds {

    static final String CREATE = "winrs-create.request.xml";
    static final String IDENTIFY = "identify.request.xml";

    private Seeds() {
    }

    /** Target class → file name → content. */
    static Map<Class<?>, Map<String, byte[]>> all() throws Exception {
        Map<Class<?>, Map<String, byte[]>> all = new LinkedHashMap<>();
        all.put(NtlmFuzzTest.class, ntlm());
        all.put(SpnegoFuzzTest.class, spnego());
        all.put(EncryptedMessageFuzzTest.class, encrypted());
        all.put(HttpPipelineFuzzTest.class, http());
        return all;
    }

    // ---------------------------------------------------------------- NTLM

    static Map<String, byte[]> ntlm() throws NtlmException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] negotiate = new NtlmInitiator(NtlmVectors.initiatorSettings()).negotiate();
        m.put("ms-nlmp-4.2.4-logon", Tokens.join(negotiate, NtlmVectors.AUTHENTICATE));
        m.put("ms-nlmp-4.2.4-challenge", Tokens.join(NtlmVectors.CHALLENGE));
        byte[] serverChallenge = new NtlmAcceptor(NtlmVectors.acceptorSettings()).challenge(negotiate);
        m.put("openwinrm-challenge", Tokens.join(serverChallenge));
        return m;
    }

    // ---------------------------------------------------------------- SPNEGO

    static Map<String, byte[]> spnego() throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("ms-nlmp-4.2.4-spnego-logon", Tokens.join(spnegoLogon().toArray(new byte[0][])));
        // the server's two tokens of a logon by OpenWinRM's own client: the client side of the target replays it
        NegotiateInitiator client = new NegotiateInitiator(NtlmVectors.initiatorSettings(),
                NegotiateInitiator.Framing.SPNEGO);
        AuthMechanism server = NegotiateMechanismFactory.negotiate(NtlmVectors.acceptorSettings()).create();
        AuthStep first = server.step(client.initialToken(), new NtlmFuzzTest.PlainConnection());
        byte[] challenge = ((AuthStep.Continue) first).token();
        AuthStep last = server.step(client.respond(challenge), new NtlmFuzzTest.PlainConnection());
        m.put("openwinrm-server-spnego", Tokens.join(challenge, ((AuthStep.Success) last).replyToken()));
        return m;
    }

    /**
     * The [MS-NLMP] 4.2.4 logon in SPNEGO framing (pypsrp's shape): NegTokenInit offering NTLM with the NEGOTIATE,
     * then NegTokenResp with the AUTHENTICATE and a mechListMIC under the exchange's session key.
     */
    static List<byte[]> spnegoLogon() throws SealingException {
        List<String> mechs = List.of(SpnegoOids.NTLM);
        byte[] negotiate = new NtlmInitiator(NtlmVectors.initiatorSettings()).negotiate();
        byte[] init = SpnegoCodec.encode(new NegTokenInit(mechs, Optional.of(negotiate), Optional.empty()));
        byte[] mic = clientSession().getMic(SpnegoCodec.encodeMechTypes(mechs));
        byte[] resp = SpnegoCodec.encode(new NegTokenResp(Optional.empty(), Optional.empty(),
                Optional.of(NtlmVectors.AUTHENTICATE), Optional.of(mic)));
        return List.of(init, resp);
    }

    /** The client's sealing context after the [MS-NLMP] 4.2.4 logon. */
    static NtlmSessionSecurity clientSession() {
        return NtlmSessionSecurity.initiator(NtlmVectors.SESSION_KEY);
    }

    // ---------------------------------------------------------------- multipart/encrypted

    static Map<String, byte[]> encrypted() throws EncryptedMessageException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] soap = resource(WsmanRequestFuzzTest.class, "request/" + CREATE);
        EncryptedMessage one = EncryptedMessageCodec.encode(clientSession(), soap, EncryptionProtocol.SOAP_UTF8);
        m.put("sealed-winrs-create", line(one.contentType(), one.body()));
        // multipart/x-multi-encrypted: two parts, sequence numbers 0 and 1
        NtlmSessionSecurity session = clientSession();
        int half = soap.length / 2;
        byte[] first = EncryptedMessageCodec.encode(session, Arrays.copyOfRange(soap, 0, half),
                EncryptionProtocol.SOAP_UTF8).body();
        byte[] second = EncryptedMessageCodec.encode(session, Arrays.copyOfRange(soap, half, soap.length),
                EncryptionProtocol.SOAP_UTF8).body();
        byte[] closing = ("--" + EncryptionProtocol.BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        String multi = EncryptionProtocol.MULTIPART_MULTI_ENCRYPTED + ";protocol=\"" + EncryptionProtocol.SPNEGO
                + "\";boundary=\"" + EncryptionProtocol.BOUNDARY + "\"";
        m.put("sealed-two-parts", line(multi, concat(Arrays.copyOf(first, first.length - closing.length), second)));
        return m;
    }

    // ---------------------------------------------------------------- HTTP

    static Map<String, byte[]> http() throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] soap = resource(WsmanRequestFuzzTest.class, "request/" + CREATE);
        byte[] identify = resource(WsmanRequestFuzzTest.class, "request/" + IDENTIFY);
        String soapType = EncryptionProtocol.SOAP_UTF8;

        byte[] negotiate = new NtlmInitiator(NtlmVectors.initiatorSettings()).negotiate();
        EncryptedMessage sealed = EncryptedMessageCodec.encode(clientSession(), soap, soapType);
        m.put("negotiate-ntlm-sealed", concat(
                post(List.of("Authorization: Negotiate " + base64(negotiate)), soapType, new byte[0]),
                post(List.of("Authorization: Negotiate " + base64(NtlmVectors.AUTHENTICATE)), soapType, new byte[0]),
                post(List.of(), sealed.contentType(), sealed.body())));

        List<byte[]> spnego = spnegoLogon();
        NtlmSessionSecurity afterMic = clientSession();
        afterMic.getMic(SpnegoCodec.encodeMechTypes(List.of(SpnegoOids.NTLM)));
        afterMic.resetOutgoingCipher();
        EncryptedMessage sealedAfterMic = EncryptedMessageCodec.encode(afterMic, soap, soapType);
        m.put("negotiate-spnego-sealed", concat(
                post(List.of("Authorization: Negotiate " + base64(spnego.get(0))), soapType, new byte[0]),
                post(List.of("Authorization: Negotiate " + base64(spnego.get(1))), soapType, new byte[0]),
                post(List.of(), sealedAfterMic.contentType(), sealedAfterMic.body())));

        String basic = base64((NtlmVectors.USER + ":" + new String(NtlmVectors.PASSWORD))
                .getBytes(StandardCharsets.UTF_8));
        m.put("basic-create", post(List.of("Authorization: Basic " + basic), soapType, soap));
        m.put("anonymous-identify", post(List.of("WSMANIDENTIFY: unauthenticated"), soapType, identify));
        m.put("no-credentials-expect-continue", post(List.of("Expect: 100-continue"), soapType, soap));
        m.put("chunked", ("POST /wsman HTTP/1.1\r\nHost: 192.0.2.2:5985\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        m.put("get-http10", "GET /wsman?PSVersion=5.1 HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return m;
    }

    /** A request as pywinrm sends it. */
    private static byte[] post(List<String> extraHeaders, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder("POST /wsman HTTP/1.1\r\nHost: 192.0.2.2:5985\r\n"
                + "User-Agent: Python WinRM client\r\nAccept-Encoding: gzip, deflate\r\nAccept: */*\r\n"
                + "Connection: Keep-Alive\r\nContent-Type: " + contentType + "\r\n");
        extraHeaders.forEach(h -> head.append(h).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    private static byte[] line(String first, byte[] rest) {
        return concat((first + "\n").getBytes(StandardCharsets.ISO_8859_1), rest);
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A file of a target's inputs directory, from the test class path. */
    static byte[] resource(Class<?> target, String path) {
        String name = target.getSimpleName() + "Inputs/" + path;
        try (InputStream in = target.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
