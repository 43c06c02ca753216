package io.openwinrm.auth.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Encoder and decoder for the three NTLM messages ([MS-NLMP] 2.2.1). Strings are UNICODE (UTF-16LE) when
 * {@link NegotiateFlags#UNICODE} is set and OEM otherwise; OEM is read and written as ISO-8859-1, which keeps
 * ASCII names exact. Decoders check every offset and length against the message and against the fixed header, and
 * reject anything odd with {@link MalformedNtlmMessageException}.
 */
public final class NtlmMessageCodec {

    /** Upper bound on a token this codec decodes. */
    public static final int MAX_MESSAGE_LENGTH = 64 * 1024;
    /** Offset of the MIC in an AUTHENTICATE_MESSAGE that has one ([MS-NLMP] 2.2.1.3). */
    public static final int MIC_OFFSET = 72;

    static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
    static final int TYPE_NEGOTIATE = 1;
    static final int TYPE_CHALLENGE = 2;
    static final int TYPE_AUTHENTICATE = 3;

    private static final int NEGOTIATE_HEADER = 32;
    private static final int CHALLENGE_HEADER = 48;
    private static final int AUTHENTICATE_HEADER = 64;

    private NtlmMessageCodec() {
    }

    /** {@code true} if {@code token} starts with the NTLMSSP signature. */
    public static boolean isNtlm(byte[] token) {
        return token.length >= SIGNATURE.length && Arrays.equals(token, 0, SIGNATURE.length, SIGNATURE, 0,
                SIGNATURE.length);
    }

    /** The MessageType field, after checking the signature. */
    public static int messageType(byte[] token) throws MalformedNtlmMessageException {
        if (!isNtlm(token)) {
            throw new MalformedNtlmMessageException("not an NTLMSSP message");
        }
        return Le.u32(token, 8, "MessageType");
    }

    // ---------------------------------------------------------------- encode

    public static byte[] encode(NegotiateMessage m) {
        boolean hasVersion = m.version().isPresent();
        int header = NEGOTIATE_HEADER + (hasVersion ? NtlmVersion.LENGTH : 0);
        Payload p = new Payload(header);
        byte[] out = new byte[header];
        System.arraycopy(SIGNATURE, 0, out, 0, 8);
        Le.put32(out, 8, TYPE_NEGOTIATE);
        int flags = m.flags();
        if (m.domain().isPresent()) {
            flags |= NegotiateFlags.OEM_DOMAIN_SUPPLIED;
        }
        if (m.workstation().isPresent()) {
            flags |= NegotiateFlags.OEM_WORKSTATION_SUPPLIED;
        }
        Le.put32(out, 12, flags);
        p.field(out, 16, m.domain().map(d -> d.getBytes(StandardCharsets.ISO_8859_1)).orElse(new byte[0]));
        p.field(out, 24, m.workstation().map(w -> w.getBytes(StandardCharsets.ISO_8859_1)).orElse(new byte[0]));
        m.version().ifPresent(v -> System.arraycopy(v.encode(), 0, out, 32, NtlmVersion.LENGTH));
        return p.append(out);
    }

    public static byte[] encode(ChallengeMessage m) {
        boolean hasVersion = m.version().isPresent();
        int header = CHALLENGE_HEADER + (hasVersion ? NtlmVersion.LENGTH : 0);
        Payload p = new Payload(header);
        byte[] out = new byte[header];
        System.arraycopy(SIGNATURE, 0, out, 0, 8);
        Le.put32(out, 8, TYPE_CHALLENGE);
        p.field(out, 12, m.targetName().getBytes(charset(m.flags())));
        Le.put32(out, 20, m.flags());
        System.arraycopy(m.serverChallenge(), 0, out, 24, 8);
        p.field(out, 40, NegotiateFlags.has(m.flags(), NegotiateFlags.TARGET_INFO) ? m.targetInfo().encode()
                : new byte[0]);
        m.version().ifPresent(v -> System.arraycopy(v.encode(), 0, out, 48, NtlmVersion.LENGTH));
        return p.append(out);
    }

    /**
     * Encodes an AUTHENTICATE_MESSAGE. The header has room for the VERSION when {@code version} is present and
     * for the MIC when {@code mic} is present (pass 16 zero bytes, then {@link #withMic}).
     */
    public static byte[] encode(AuthenticateMessage m) {
        int header = AUTHENTICATE_HEADER;
        if (m.version().isPresent() || m.mic().isPresent()) {
            header += NtlmVersion.LENGTH;
        }
        if (m.mic().isPresent()) {
            header += 16;
        }
        Charset cs = charset(m.flags());
        Payload p = new Payload(header);
        byte[] out = new byte[header];
        System.arraycopy(SIGNATURE, 0, out, 0, 8);
        Le.put32(out, 8, TYPE_AUTHENTICATE);
        // Payload order as Windows writes it: domain, user, workstation, LM, NT, session key.
        p.field(out, 28, m.domain().getBytes(cs));
        p.field(out, 36, m.user().getBytes(cs));
        p.field(out, 44, m.workstation().getBytes(cs));
        p.field(out, 12, m.lmResponse());
        p.field(out, 20, m.ntResponse());
        p.field(out, 52, m.encryptedRandomSessionKey());
        Le.put32(out, 60, m.flags());
        m.version().ifPresent(v -> System.arraycopy(v.encode(), 0, out, 64, NtlmVersion.LENGTH));
        m.mic().ifPresent(mic -> System.arraycopy(mic, 0, out, MIC_OFFSET, 16));
        return p.append(out);
    }

    /** A copy of an encoded AUTHENTICATE_MESSAGE with the MIC field replaced by {@code mic} (16 bytes). */
    public static byte[] withMic(byte[] authenticate, byte[] mic) {
        if (mic.length != 16 || authenticate.length < MIC_OFFSET + 16) {
            throw new IllegalArgumentException("no room for a MIC");
        }
        byte[] out = authenticate.clone();
        System.arraycopy(mic, 0, out, MIC_OFFSET, 16);
        return out;
    }

    // ---------------------------------------------------------------- decode

    public static NegotiateMessage decodeNegotiate(byte[] b) throws MalformedNtlmMessageException {
        checkHeader(b, TYPE_NEGOTIATE, NEGOTIATE_HEADER);
        int flags = Le.u32(b, 12, "NegotiateFlags");
        Field domain = Field.read(b, 16, "DomainName", NEGOTIATE_HEADER);
        Field workstation = Field.read(b, 24, "Workstation", NEGOTIATE_HEADER);
        int payloadStart = Math.min(domain.startOr(b.length), workstation.startOr(b.length));
        Optional<NtlmVersion> version = NegotiateFlags.has(flags, NegotiateFlags.VERSION)
                && payloadStart >= NEGOTIATE_HEADER + NtlmVersion.LENGTH && b.length >= 40
                ? Optional.of(NtlmVersion.decode(b, 32)) : Optional.empty();
        Optional<String> d = NegotiateFlags.has(flags, NegotiateFlags.OEM_DOMAIN_SUPPLIED) && domain.length > 0
                ? Optional.of(new String(domain.bytes(b), StandardCharsets.ISO_8859_1)) : Optional.empty();
        Optional<String> w = NegotiateFlags.has(flags, NegotiateFlags.OEM_WORKSTATION_SUPPLIED)
                && workstation.length > 0
                ? Optional.of(new String(workstation.bytes(b), StandardCharsets.ISO_8859_1)) : Optional.empty();
        return new NegotiateMessage(flags, d, w, version);
    }

    public static ChallengeMessage decodeChallenge(byte[] b) throws MalformedNtlmMessageException {
        checkHeader(b, TYPE_CHALLENGE, CHALLENGE_HEADER);
        Field target = Field.read(b, 12, "TargetName", CHALLENGE_HEADER);
        int flags = Le.u32(b, 20, "NegotiateFlags");
        byte[] serverChallenge = Le.slice(b, 24, 8, "ServerChallenge");
        Field info = Field.read(b, 40, "TargetInfo", CHALLENGE_HEADER);
        TargetInfo targetInfo = info.length > 0 ? TargetInfo.decode(b, info.offset, info.length) : TargetInfo.empty();
        int payloadStart = Math.min(target.startOr(b.length), info.startOr(b.length));
        Optional<NtlmVersion> version = NegotiateFlags.has(flags, NegotiateFlags.VERSION)
                && payloadStart >= CHALLENGE_HEADER + NtlmVersion.LENGTH && b.length >= 56
                ? Optional.of(NtlmVersion.decode(b, 48)) : Optional.empty();
        return new ChallengeMessage(flags, serverChallenge, string(b, target, flags), targetInfo, version);
    }

    public static AuthenticateMessage decodeAuthenticate(byte[] b) throws MalformedNtlmMessageException {
        checkHeader(b, TYPE_AUTHENTICATE, AUTHENTICATE_HEADER);
        Field lm = Field.read(b, 12, "LmChallengeResponse", AUTHENTICATE_HEADER);
        Field nt = Field.read(b, 20, "NtChallengeResponse", AUTHENTICATE_HEADER);
        Field domain = Field.read(b, 28, "DomainName", AUTHENTICATE_HEADER);
        Field user = Field.read(b, 36, "UserName", AUTHENTICATE_HEADER);
        Field workstation = Field.read(b, 44, "Workstation", AUTHENTICATE_HEADER);
        Field key = Field.read(b, 52, "EncryptedRandomSessionKey", AUTHENTICATE_HEADER);
        int flags = Le.u32(b, 60, "NegotiateFlags");
        int payloadStart = b.length;
        for (Field f : new Field[] {lm, nt, domain, user, workstation, key}) {
            payloadStart = Math.min(payloadStart, f.startOr(b.length));
        }
        Optional<NtlmVersion> version = payloadStart >= AUTHENTICATE_HEADER + NtlmVersion.LENGTH
                ? Optional.of(NtlmVersion.decode(b, 64)) : Optional.empty();
        Optional<byte[]> mic = payloadStart >= MIC_OFFSET + 16
                ? Optional.of(Le.slice(b, MIC_OFFSET, 16, "MIC")) : Optional.empty();
        return new AuthenticateMessage(flags, lm.bytes(b), nt.bytes(b), string(b, domain, flags),
                string(b, user, flags), string(b, workstation, flags), key.bytes(b), version, mic);
    }

    // ---------------------------------------------------------------- helpers

    static Charset charset(int flags) {
        return NegotiateFlags.has(flags, NegotiateFlags.UNICODE) ? StandardCharsets.UTF_16LE
                : StandardCharsets.ISO_8859_1;
    }

    private static String string(byte[] b, Field f, int flags) throws MalformedNtlmMessageException {
        if (NegotiateFlags.has(flags, NegotiateFlags.UNICODE) && f.length % 2 != 0) {
            throw new MalformedNtlmMessageException(f.name + " has an odd length for a UNICODE string");
        }
        return new String(f.bytes(b), charset(flags));
    }

    private static void checkHeader(byte[] b, int type, int headerLength) throws MalformedNtlmMessageException {
        if (b.length > MAX_MESSAGE_LENGTH) {
            throw new MalformedNtlmMessageException("NTLM message longer than " + MAX_MESSAGE_LENGTH + " bytes");
        }
        int actual = messageType(b);
        if (actual != type) {
            throw new MalformedNtlmMessageException("expected NTLM message type " + type + ", got " + actual);
        }
        if (b.length < headerLength) {
            throw new MalformedNtlmMessageException("NTLM message type " + type + " shorter than its "
                    + headerLength + "-byte header");
        }
    }

    /** A (Len, MaxLen, BufferOffset) field, checked against the message. */
    private record Field(String name, int length, int offset) {
        static Field read(byte[] b, int at, String name, int headerLength) throws MalformedNtlmMessageException {
            int len = Le.u16(b, at, name);
            int offset = Le.u32(b, at + 4, name);
            if (len == 0) {
                return new Field(name, 0, 0);
            }
            if (offset < headerLength || offset > b.length || len > b.length - offset) {
                throw new MalformedNtlmMessageException(name + " (offset " + Integer.toUnsignedString(offset)
                        + ", length " + len + ") lies outside the " + b.length + "-byte message payload");
            }
            return new Field(name, len, offset);
        }

        int startOr(int none) {
            return length == 0 ? none : offset;
        }

        byte[] bytes(byte[] b) throws MalformedNtlmMessageException {
            return Le.slice(b, offset, length, name);
        }
    }

    /** Builds the payload after a header, filling the header's field descriptors. */
    private static final class Payload {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private final int base;

        Payload(int base) {
            this.base = base;
        }

        void field(byte[] header, int at, byte[] value) {
            if (value.length > 0xFFFF) {
                throw new IllegalArgumentException("NTLM field longer than 65535 bytes");
            }
            Le.put16(header, at, value.length);
            Le.put16(header, at + 2, value.length);
            Le.put32(header, at + 4, base + data.size());
            data.writeBytes(value);
        }

        byte[] append(byte[] header) {
            byte[] tail = data.toByteArray();
            byte[] out = Arrays.copyOf(header, header.length + tail.length);
            System.arraycopy(tail, 0, out, header.length, tail.length);
            return out;
        }
    }
}
