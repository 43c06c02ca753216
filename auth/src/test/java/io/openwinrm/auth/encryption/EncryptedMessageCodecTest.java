package io.openwinrm.auth.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.auth.encryption.EncryptedMessageException.Reason;
import io.openwinrm.auth.spi.SecurityContext.SealedMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncryptedMessageCodecTest {

    private static final String SPNEGO_CT =
            "multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\";boundary=\"Encrypted Boundary\"";
    private static final byte[] SOAP = "<s:Envelope>caf\u00e9</s:Envelope>".getBytes(StandardCharsets.UTF_8);

    private final FakeSecurityContext[] pair = FakeSecurityContext.pair(EncryptionProtocol.SPNEGO);
    private final FakeSecurityContext client = pair[0];
    private final FakeSecurityContext server = pair[1];

    @Test
    void encodesTheExactWinRmLayout() throws Exception {
        EncryptedMessage m = EncryptedMessageCodec.encode(client, SOAP, EncryptionProtocol.SOAP_UTF8);
        assertThat(m.contentType()).isEqualTo(SPNEGO_CT);
        String prefix = "--Encrypted Boundary\r\n"
                + "\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n"
                + "\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=" + SOAP.length + "\r\n"
                + "--Encrypted Boundary\r\n"
                + "\tContent-Type: application/octet-stream\r\n";
        byte[] body = m.body();
        assertThat(new String(body, 0, prefix.length(), StandardCharsets.ISO_8859_1)).isEqualTo(prefix);
        assertThat(Arrays.copyOfRange(body, prefix.length(), prefix.length() + 4)).containsExactly(20, 0, 0, 0);
        String suffix = "--Encrypted Boundary--\r\n";
        assertThat(body.length).isEqualTo(prefix.length() + 4 + 20 + SOAP.length + suffix.length());
        assertThat(new String(body, body.length - suffix.length(), suffix.length(), StandardCharsets.ISO_8859_1))
                .as("no CRLF between ciphertext and closing delimiter").isEqualTo(suffix);
        assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain("caf");
    }

    @Test
    void roundTripsBothDirectionsWithSequenceNumbers() throws Exception {
        for (int i = 0; i < 3; i++) {
            EncryptedMessage request = EncryptedMessageCodec.encode(client, SOAP, EncryptionProtocol.SOAP_UTF8);
            DecryptedMessage seen = EncryptedMessageCodec.decode(request.contentType(), request.body(), server);
            assertThat(seen.plaintext()).isEqualTo(SOAP);
            assertThat(seen.charset()).isEqualTo(StandardCharsets.UTF_8);
            assertThat(seen.originalContentType()).isEqualTo("application/soap+xml;charset=UTF-8");
            assertThat(seen.protocol()).isEqualTo(EncryptionProtocol.SPNEGO);
            assertThat(seen.multiPart()).isFalse();
            byte[] answer = ("reply " + i).getBytes(StandardCharsets.UTF_8);
            EncryptedMessage reply = EncryptedMessageCodec.encode(server, seen.protocol(), answer,
                    EncryptionProtocol.SOAP_UTF8);
            assertThat(EncryptedMessageCodec.decode(reply.contentType(), reply.body(), client).plaintext())
                    .isEqualTo(answer);
        }
    }

    @Test
    void replyEchoesTheRequestsProtocolSpelling() throws Exception {
        String lower = "application/http-spnego-session-encrypted";
        EncryptedMessage reply = EncryptedMessageCodec.encode(server, lower, SOAP, EncryptionProtocol.SOAP_UTF8);
        assertThat(reply.contentType()).contains("protocol=\"" + lower + "\"");
        assertThatThrownBy(() -> EncryptedMessageCodec.encode(server, EncryptionProtocol.KERBEROS, SOAP,
                EncryptionProtocol.SOAP_UTF8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesBodiesProducedByPywinrm() throws Exception {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("pywinrm-requests.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        DecryptedMessage first = EncryptedMessageCodec.decode(lines.get(0), Base64.getDecoder().decode(lines.get(1)),
                server);
        assertThat(new String(first.plaintext(), first.charset()))
                .isEqualTo("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body/></s:Envelope>");
        DecryptedMessage second = EncryptedMessageCodec.decode(lines.get(2), Base64.getDecoder().decode(lines.get(3)),
                server);
        assertThat(new String(second.plaintext(), second.charset())).isEqualTo("<x>caf\u00e9 \u2603</x>");
    }

    @Test
    void toleratesRubyAndExchangeStyleFraming() throws Exception {
        SealedMessage s1 = client.wrap(SOAP);
        byte[] rubyStyle = body("--Encrypted Boundary\r\ncontent-type: application/HTTP-SPNEGO-session-encrypted\r\n"
                + "ORIGINALCONTENT: type=application/soap+xml;charset=UTF-8;Length=" + SOAP.length + "\r\n"
                + "--Encrypted Boundary\r\nContent-Type: application/octet-stream\r\n", s1, "--Encrypted Boundary--\r\n");
        assertThat(EncryptedMessageCodec.decode(SPNEGO_CT, rubyStyle, server).plaintext()).isEqualTo(SOAP);

        SealedMessage s2 = client.wrap(SOAP);
        byte[] spaced = body("-- Encrypted Boundary\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\n"
                + "\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=" + SOAP.length + "\n"
                + "-- Encrypted Boundary\n\tContent-Type: application/octet-stream\n", s2, "-- Encrypted Boundary--");
        assertThat(EncryptedMessageCodec.decode(SPNEGO_CT, spaced, server).plaintext()).isEqualTo(SOAP);

        SealedMessage s3 = client.wrap(SOAP);
        byte[] otherBoundary = body("--xyz\r\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n"
                + "\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=" + SOAP.length + "\r\n"
                + "--xyz\r\n\tContent-Type: application/octet-stream\r\n", s3, "\r\n--xyz--\r\n");
        assertThat(EncryptedMessageCodec.decode("Multipart/Encrypted; Protocol=application/HTTP-SPNEGO-session-encrypted;"
                + " BOUNDARY=xyz", otherBoundary, server).plaintext()).as("CRLF before the closing delimiter, bare params")
                .isEqualTo(SOAP);

        SealedMessage s4 = client.wrap(SOAP);
        byte[] unterminated = body(header(SOAP.length), s4, "");
        assertThat(EncryptedMessageCodec.decode(SPNEGO_CT, unterminated, server).plaintext()).isEqualTo(SOAP);
    }

    @Test
    void ciphertextThatLooksLikeADelimiterDoesNotCutTheMessage() throws Exception {
        // a context that does not encrypt, so the plaintext's fake delimiter appears literally in the body
        io.openwinrm.auth.spi.SecurityContext clear = new io.openwinrm.auth.spi.SecurityContext() {
            @Override public String encryptionProtocol() { return EncryptionProtocol.SPNEGO; }
            @Override public SealedMessage wrap(byte[] p) { return new SealedMessage(new byte[] {7}, p); }
            @Override public byte[] unwrap(SealedMessage s) { return s.ciphertext(); }
        };
        byte[] tricky = "a--Encrypted Boundary--\r\nb--Encrypted Boundary\r\n".getBytes(StandardCharsets.US_ASCII);
        EncryptedMessage m = EncryptedMessageCodec.encode(clear, tricky, EncryptionProtocol.SOAP_UTF8);
        assertThat(EncryptedMessageCodec.decode(m.contentType(), m.body(), clear).plaintext()).isEqualTo(tricky);
    }

    @Test
    void utf16OriginalContentIsReported() throws Exception {
        byte[] utf16 = "<x/>".getBytes(StandardCharsets.UTF_16LE);
        EncryptedMessage m = EncryptedMessageCodec.encode(client, utf16, "application/soap+xml;charset=UTF-16LE");
        DecryptedMessage d = EncryptedMessageCodec.decode(m.contentType(), m.body(), server);
        assertThat(d.charset()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(new String(d.plaintext(), d.charset())).isEqualTo("<x/>");
    }

    @Test
    void protocolMustMatchTheContext() throws Exception {
        EncryptedMessage m = EncryptedMessageCodec.encode(client, SOAP, EncryptionProtocol.SOAP_UTF8);
        String kerberos = m.contentType().replace(EncryptionProtocol.SPNEGO, EncryptionProtocol.KERBEROS);
        assertReason(() -> EncryptedMessageCodec.decode(kerberos, m.body(), server), Reason.PROTOCOL_MISMATCH);

        byte[] partLies = new String(m.body(), StandardCharsets.ISO_8859_1)
                .replace("Content-Type: " + EncryptionProtocol.SPNEGO, "Content-Type: " + EncryptionProtocol.CREDSSP)
                .getBytes(StandardCharsets.ISO_8859_1);
        assertReason(() -> EncryptedMessageCodec.decode(SPNEGO_CT, partLies, server), Reason.PROTOCOL_MISMATCH);
    }

    @Test
    void lengthMustEqualTheUnwrappedLength() throws Exception {
        SealedMessage sealed = client.wrap(SOAP);
        byte[] body = body(header(SOAP.length - 1), sealed, "--Encrypted Boundary--\r\n");
        assertReason(() -> EncryptedMessageCodec.decode(SPNEGO_CT, body, server), Reason.LENGTH_MISMATCH);
    }

    @Test
    void headerLengthMustStayInsideThePart() throws Exception {
        byte[] body = (header(4) + "\u00ff\u00ff\u00ff\u007fabcd--Encrypted Boundary--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertReason(() -> EncryptedMessageCodec.decode(SPNEGO_CT, body, server), Reason.HEADER_LENGTH);
        byte[] shortPart = (header(0) + "\u0001\u0000--Encrypted Boundary--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertReason(() -> EncryptedMessageCodec.decode(SPNEGO_CT, shortPart, server), Reason.HEADER_LENGTH);
    }

    @Test
    void tamperedReplayedAndReorderedMessagesAreRejected() throws Exception {
        EncryptedMessage m1 = EncryptedMessageCodec.encode(client, SOAP, EncryptionProtocol.SOAP_UTF8);
        EncryptedMessage m2 = EncryptedMessageCodec.encode(client, SOAP, EncryptionProtocol.SOAP_UTF8);
        byte[] tampered = m1.body().clone();
        tampered[tampered.length - 30] ^= 1;
        assertReason(() -> EncryptedMessageCodec.decode(m1.contentType(), tampered, server), Reason.UNWRAP_FAILED);
        assertReason(() -> EncryptedMessageCodec.decode(m2.contentType(), m2.body(), server), Reason.UNWRAP_FAILED);
        assertThat(EncryptedMessageCodec.decode(m1.contentType(), m1.body(), server).plaintext()).isEqualTo(SOAP);
        assertReason(() -> EncryptedMessageCodec.decode(m1.contentType(), m1.body(), server), Reason.UNWRAP_FAILED);
    }

    @Test
    void malformedBodiesAndContentTypesHaveTypedErrors() throws Exception {
        EncryptedMessage m = EncryptedMessageCodec.encode(client, SOAP, EncryptionProtocol.SOAP_UTF8);
        assertReason(() -> EncryptedMessageCodec.decode("application/soap+xml;charset=UTF-8", m.body(), server),
                Reason.CONTENT_TYPE);
        assertReason(() -> EncryptedMessageCodec.decode("multipart/encrypted;boundary=\"Encrypted Boundary\"",
                m.body(), server), Reason.CONTENT_TYPE);
        assertReason(() -> EncryptedMessageCodec.decode("multipart/encrypted;protocol=\"" + EncryptionProtocol.SPNEGO
                + "\"", m.body(), server), Reason.CONTENT_TYPE);
        assertReason(() -> EncryptedMessageCodec.decode(SPNEGO_CT, "<s:Envelope/>".getBytes(StandardCharsets.UTF_8),
                server), Reason.MALFORMED);
        assertReason(() -> EncryptedMessageCodec.decode(SPNEGO_CT, new byte[0], server), Reason.MALFORMED);
        String noOriginal = "--Encrypted Boundary\r\n\tContent-Type: " + EncryptionProtocol.SPNEGO + "\r\n"
                + "--Encrypted Boundary\r\n\tContent-Type: application/octet-stream\r\n\u0000\u0000\u0000\u0000"
                + "--Encrypted Boundary--\r\n";
        assertReason(() -> EncryptedMessageCodec.decode(SPNEGO_CT, noOriginal.getBytes(StandardCharsets.ISO_8859_1),
                server), Reason.MALFORMED);
        String badLength = header(0).replace("Length=0", "Length=-3") + "\u0000\u0000\u0000\u0000--Encrypted Boundary--";
        assertReason(() -> EncryptedMessageCodec.decode(SPNEGO_CT, badLength.getBytes(StandardCharsets.ISO_8859_1),
                server), Reason.MALFORMED);
        String latin1 = header(0).replace("UTF-8", "ISO-8859-1") + "\u0000\u0000\u0000\u0000--Encrypted Boundary--";
        assertReason(() -> EncryptedMessageCodec.decode(SPNEGO_CT, latin1.getBytes(StandardCharsets.ISO_8859_1),
                server), Reason.UNSUPPORTED_CHARSET);
    }

    @Test
    void singlePartTypeRefusesTwoParts() throws Exception {
        SealedMessage a = client.wrap(SOAP);
        SealedMessage b = client.wrap(SOAP);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(body(header(SOAP.length), a, ""));
        out.writeBytes(body(header(SOAP.length), b, "--Encrypted Boundary--\r\n"));
        String multi = SPNEGO_CT.replace("multipart/encrypted", "multipart/x-multi-encrypted");
        assertThat(EncryptedMessageCodec.decode(multi, out.toByteArray(), server).plaintext())
                .as("x-multi-encrypted concatenates parts").isEqualTo(concat(SOAP, SOAP));
        FakeSecurityContext[] fresh = FakeSecurityContext.pair(EncryptionProtocol.SPNEGO);
        fresh[0].wrap(SOAP);
        assertThatThrownBy(() -> EncryptedMessageCodec.decode(SPNEGO_CT, out.toByteArray(), fresh[1]))
                .isInstanceOf(EncryptedMessageException.class);
    }

    @Test
    void credSspSplitsLargeMessagesIntoSixteenKiBParts() throws Exception {
        FakeSecurityContext[] cred = FakeSecurityContext.pair(EncryptionProtocol.CREDSSP);
        byte[] big = new byte[40_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        EncryptedMessage m = EncryptedMessageCodec.encode(cred[1], big, EncryptionProtocol.SOAP_UTF8);
        assertThat(m.contentType()).isEqualTo("multipart/x-multi-encrypted;protocol=\"" + EncryptionProtocol.CREDSSP
                + "\";boundary=\"Encrypted Boundary\"");
        String text = new String(m.body(), StandardCharsets.ISO_8859_1);
        assertThat(text).contains("Length=16384\r\n").contains("Length=7232\r\n");
        assertThat(text.split("OriginalContent", -1)).hasSize(4);
        assertThat(EncryptedMessageCodec.decode(m.contentType(), m.body(), cred[0]).plaintext()).isEqualTo(big);

        EncryptedMessage small = EncryptedMessageCodec.encode(cred[1], SOAP, EncryptionProtocol.SOAP_UTF8);
        assertThat(small.contentType()).startsWith("multipart/encrypted;");
        assertThat(EncryptedMessageCodec.decode(small.contentType(), small.body(), cred[0]).plaintext()).isEqualTo(SOAP);
    }

    @Test
    void emptyPlaintextRoundTrips() throws Exception {
        EncryptedMessage m = EncryptedMessageCodec.encode(client, new byte[0], EncryptionProtocol.SOAP_UTF8);
        assertThat(EncryptedMessageCodec.decode(m.contentType(), m.body(), server).plaintext()).isEmpty();
    }

    @Test
    void contentTypeDetection() {
        assertThat(EncryptedContentType.isEncrypted(SPNEGO_CT)).isTrue();
        assertThat(EncryptedContentType.isEncrypted("Multipart/X-Multi-Encrypted;protocol=x;boundary=y")).isTrue();
        assertThat(EncryptedContentType.isEncrypted("application/soap+xml;charset=UTF-8")).isFalse();
        assertThat(EncryptedContentType.isEncrypted(null)).isFalse();
    }

    private static String header(int length) {
        return "--Encrypted Boundary\r\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n"
                + "\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=" + length + "\r\n"
                + "--Encrypted Boundary\r\n\tContent-Type: application/octet-stream\r\n";
    }

    private static byte[] body(String head, SealedMessage sealed, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        int l = sealed.header().length;
        out.writeBytes(new byte[] {(byte) l, (byte) (l >>> 8), (byte) (l >>> 16), (byte) (l >>> 24)});
        out.writeBytes(sealed.header());
        out.writeBytes(sealed.ciphertext());
        out.writeBytes(tail.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertReason(Call call, Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(EncryptedMessageException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
