package io.openwinrm.auth.ntlm;

import io.openwinrm.auth.spi.SecurityContext;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * NTLM session security with extended session security, key exchange and 128-bit keys ([MS-NLMP] 3.4.4): one
 * sign key, one seal key and one <em>stateful</em> RC4 stream per direction, and a sequence number per direction
 * that starts at 0.
 *
 * <p>{@link #wrap} is SEAL (3.4.3): RC4 the message, then the 16-byte signature {@code 01000000 ‖
 * RC4(HMAC_MD5(SignKey, seq ‖ message)[0..7]) ‖ seq}, the checksum encrypted with the same RC4 stream right after
 * the message. {@link #unwrap} decrypts, recomputes and compares in constant time, and checks that the sequence
 * number is the next one expected, so a tampered, replayed or reordered message fails. After any failed
 * {@link #unwrap} or {@link #verifyMic} the incoming stream is out of step, so the incoming direction refuses every
 * later message (the connection must be dropped).
 *
 * <p>SPNEGO's mechListMIC exchange ([MS-SPNG] 3.3.5.1, pyspnego {@code _reset_ntlm_crypto_state}) uses
 * {@link #getMic}/{@link #verifyMic} and then {@link #resetOutgoingCipher()}/{@link #resetIncomingCipher()}, which
 * restart the RC4 streams but keep the sequence numbers.
 *
 * <p>Not thread-safe; one instance belongs to one connection and is used one message at a time.
 */
public final class NtlmSessionSecurity implements SecurityContext {

    /** The {@code protocol} of WinRM's multipart/encrypted bodies for Negotiate ([MS-WSMV] 2.2.9.1.1). */
    public static final String ENCRYPTION_PROTOCOL = "application/HTTP-SPNEGO-session-encrypted";
    public static final int SIGNATURE_LENGTH = 16;

    private final byte[] exportedSessionKey;
    private final boolean initiator;
    private final byte[] signOut;
    private final byte[] signIn;
    private final Rc4 sealOut;
    private final Rc4 sealIn;
    private long seqOut;
    private long seqIn;
    private boolean incomingBroken;

    private NtlmSessionSecurity(byte[] exportedSessionKey, boolean initiator) {
        if (exportedSessionKey.length != 16) {
            throw new IllegalArgumentException("exported session key must be 16 bytes");
        }
        this.exportedSessionKey = exportedSessionKey.clone();
        this.initiator = initiator;
        this.signOut = NtlmCrypto.signKey(exportedSessionKey, initiator);
        this.signIn = NtlmCrypto.signKey(exportedSessionKey, !initiator);
        this.sealOut = new Rc4(NtlmCrypto.sealKey(exportedSessionKey, initiator));
        this.sealIn = new Rc4(NtlmCrypto.sealKey(exportedSessionKey, !initiator));
    }

    /** The client side: sends with the client-to-server keys. */
    public static NtlmSessionSecurity initiator(byte[] exportedSessionKey) {
        return new NtlmSessionSecurity(exportedSessionKey, true);
    }

    /** The server side: sends with the server-to-client keys. */
    public static NtlmSessionSecurity acceptor(byte[] exportedSessionKey) {
        return new NtlmSessionSecurity(exportedSessionKey, false);
    }

    /**
     * An acceptor continuing where another process's left off (a privilege-separated server's monitor authenticates,
     * its network side seals): the same key and sequence numbers, both RC4 streams at their start, as they are after
     * an authentication (the SPNEGO mechListMIC exchange resets both, [MS-SPNG] 3.3.5.1).
     */
    public static NtlmSessionSecurity acceptor(byte[] exportedSessionKey, long outgoingSequence,
                                               long incomingSequence) {
        NtlmSessionSecurity s = new NtlmSessionSecurity(exportedSessionKey, false);
        s.seqOut = outgoingSequence;
        s.seqIn = incomingSequence;
        return s;
    }

    /**
     * What {@link #acceptor(byte[], long, long)} needs to continue this context elsewhere, right after the
     * authentication: the exported session key ([MS-NLMP] 3.4), secret.
     */
    public byte[] exportedSessionKey() {
        return exportedSessionKey.clone();
    }

    @Override
    public String encryptionProtocol() {
        return ENCRYPTION_PROTOCOL;
    }

    @Override
    public SealedMessage wrap(byte[] plaintext) throws SealingException {
        int seq = nextOut();
        byte[] sealed = sealOut.process(plaintext);
        return new SealedMessage(signature(signOut, sealOut, seq, plaintext), sealed);
    }

    @Override
    public byte[] unwrap(SealedMessage sealed) throws SealingException {
        byte[] header = sealed.header();
        int seq = checkIncoming(header);
        byte[] plaintext = sealIn.process(sealed.ciphertext());
        verify(header, seq, plaintext);
        return plaintext;
    }

    /** GSS_GetMICEx (3.4.4.1 with ESS): a 16-byte signature of {@code message} that consumes one outgoing seq. */
    public byte[] getMic(byte[] message) throws SealingException {
        return signature(signOut, sealOut, nextOut(), message);
    }

    /** GSS_VerifyMICEx: checks a signature made by the peer's {@link #getMic}, consuming one incoming seq. */
    public void verifyMic(byte[] message, byte[] mic) throws SealingException {
        int seq = checkIncoming(mic);
        verify(mic, seq, message);
    }

    /** Restarts the outgoing RC4 stream from the seal key; the sequence number is kept. */
    public void resetOutgoingCipher() {
        sealOut.reset();
    }

    /** Restarts the incoming RC4 stream from the seal key; the sequence number is kept. */
    public void resetIncomingCipher() {
        sealIn.reset();
    }

    /** The sequence number the next outgoing message will carry. */
    public long outgoingSequence() {
        return seqOut;
    }

    /** The sequence number the next incoming message must carry. */
    public long incomingSequence() {
        return seqIn;
    }

    private int nextOut() throws SealingException {
        if (seqOut > 0xFFFFFFFFL) {
            throw new SealingException("NTLM outgoing sequence number exhausted");
        }
        return (int) seqOut++;
    }

    private int checkIncoming(byte[] signature) throws SealingException {
        if (incomingBroken) {
            throw new SealingException("NTLM context unusable after a rejected message");
        }
        if (seqIn > 0xFFFFFFFFL) {
            throw new SealingException("NTLM incoming sequence number exhausted");
        }
        if (signature.length != SIGNATURE_LENGTH) {
            incomingBroken = true;
            throw new SealingException("NTLM signature must be 16 bytes, got " + signature.length);
        }
        if (Le.u32Unchecked(signature, 0) != 1) {
            incomingBroken = true;
            throw new SealingException("NTLM signature version is not 1");
        }
        int seq = Le.u32Unchecked(signature, 12);
        if ((seq & 0xFFFFFFFFL) != seqIn) {
            incomingBroken = true;
            throw new SealingException("NTLM message out of sequence: expected " + seqIn + ", got "
                    + Integer.toUnsignedString(seq) + " (replayed, reordered or lost message)");
        }
        seqIn++;
        return seq;
    }

    private void verify(byte[] signature, int seq, byte[] message) throws SealingException {
        byte[] expected = signature(signIn, sealIn, seq, message);
        if (!MessageDigest.isEqual(expected, signature)) {
            incomingBroken = true;
            throw new SealingException("NTLM message signature does not verify");
        }
    }

    private static byte[] signature(byte[] signKey, Rc4 handle, int seq, byte[] message) {
        byte[] seqBytes = Le.u32Bytes(seq);
        byte[] checksum = Arrays.copyOf(NtlmCrypto.hmacMd5(signKey, seqBytes, message), 8);
        byte[] out = new byte[SIGNATURE_LENGTH];
        out[0] = 1;
        System.arraycopy(handle.process(checksum), 0, out, 4, 8);
        System.arraycopy(seqBytes, 0, out, 12, 4);
        return out;
    }
}
