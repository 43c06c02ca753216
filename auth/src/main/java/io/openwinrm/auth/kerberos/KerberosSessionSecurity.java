package io.openwinrm.auth.kerberos;

import io.openwinrm.auth.spi.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Kerberos message protection for WinRM bodies: RFC 4121 wrap tokens with confidentiality (section 4.2.4), laid out
 * as Windows does it ([MS-KILE] 3.4.5.4.1, [MS-WSMV] 2.2.9.1.1).
 *
 * <p><b>Wrap.</b> The plaintext is followed by a copy of the token header (with RRC zero), encrypted with the seal
 * usage of the sender (acceptor 22, initiator 24), EC = 0 (AES needs no filler). The encrypted blob is rotated right by
 * RRC = 16 + the checksum length (28 for the SHA-1 types), which moves the encrypted header copy and the checksum to
 * its front. The WinRM "signature" is then the 16-byte header plus the first RRC + 16 bytes (60 for AES-SHA1) and the
 * data is exactly as long as the plaintext: what Windows, pywinrm (pyspnego over MIT) and pypsrp produce and parse.
 *
 * <p><b>Unwrap</b> takes any EC and RRC the sender chose (the signature and the data joined are one standard
 * token), checks the direction and sub-key flags, requires confidentiality, verifies the checksum and the encrypted
 * header copy, and requires consecutive sequence numbers: the first message fixes the peer's start, and a replayed,
 * reordered or lost message then fails. After any failure the incoming direction refuses every later message (the
 * connection must be dropped), as NTLM's does.
 *
 * <p>Not thread-safe: one instance belongs to one connection and is used one message at a time.
 */
public final class KerberosSessionSecurity implements SecurityContext {

    /** The {@code protocol} of encrypted bodies for the {@code Kerberos} HTTP scheme. */
    public static final String KERBEROS_PROTOCOL = "application/HTTP-Kerberos-session-encrypted";
    /** The {@code protocol} for {@code Negotiate} (SPNEGO) with Kerberos chosen. */
    public static final String SPNEGO_PROTOCOL = "application/HTTP-SPNEGO-session-encrypted";

    private static final int ACCEPTOR_SEAL = 22;
    private static final int INITIATOR_SEAL = 24;

    private final KerberosCipher cipher;
    private final byte[] key;
    private final boolean acceptor;
    private final boolean acceptorSubkey;
    private final String protocol;
    private long seqOut;
    private long seqIn;
    private boolean seqInKnown;
    private boolean incomingBroken;

    private KerberosSessionSecurity(EncryptionType type, byte[] key, boolean acceptor, boolean acceptorSubkey,
                                    long seqOut, String protocol) {
        this.cipher = KerberosCipher.of(type, key);
        this.key = key.clone();
        this.acceptor = acceptor;
        this.acceptorSubkey = acceptorSubkey;
        this.seqOut = seqOut;
        this.protocol = protocol;
    }

    /**
     * The server side.
     *
     * @param key            the context key: the acceptor's sub-key if it sent one, else the initiator's sub-key,
     *                       else the ticket's session key (RFC 4121 section 2)
     * @param acceptorSubkey whether the acceptor asserted a sub-key in its AP-REP (the {@code AcceptorSubkey} flag)
     * @param firstSequence  the sequence number of our first message (the one in the AP-REP)
     * @param protocol       {@link #KERBEROS_PROTOCOL} or {@link #SPNEGO_PROTOCOL}, as the client authenticated
     */
    public static KerberosSessionSecurity acceptor(EncryptionType type, byte[] key, boolean acceptorSubkey,
                                                   long firstSequence, String protocol) {
        return new KerberosSessionSecurity(type, key, true, acceptorSubkey, firstSequence, protocol);
    }

    /**
     * An acceptor continuing where another process's left off (a privilege-separated server's monitor accepts, its
     * network side seals), with the state {@link #encryptionType()} ... {@link #incomingSequence()} gave there.
     */
    public static KerberosSessionSecurity acceptor(EncryptionType type, byte[] key, boolean acceptorSubkey,
                                                   long outgoingSequence, OptionalLong incomingSequence,
                                                   String protocol) {
        KerberosSessionSecurity s = new KerberosSessionSecurity(type, key, true, acceptorSubkey, outgoingSequence,
                protocol);
        incomingSequence.ifPresent(in -> {
            s.seqIn = in;
            s.seqInKnown = true;
        });
        return s;
    }

    /** The client side; {@code firstSequence} is the one of its authenticator. */
    public static KerberosSessionSecurity initiator(EncryptionType type, byte[] key, boolean acceptorSubkey,
                                                    long firstSequence, String protocol) {
        return new KerberosSessionSecurity(type, key, false, acceptorSubkey, firstSequence, protocol);
    }

    public EncryptionType encryptionType() {
        return cipher.type();
    }

    /** The context key (secret). */
    public byte[] key() {
        return key.clone();
    }

    public boolean acceptorSubkey() {
        return acceptorSubkey;
    }

    /** The sequence number of the next message we send. */
    public long outgoingSequence() {
        return seqOut;
    }

    /** The sequence number the next incoming message must carry; empty until the first one fixed the peer's start. */
    public OptionalLong incomingSequence() {
        return seqInKnown ? OptionalLong.of(seqIn) : OptionalLong.empty();
    }

    @Override
    public String encryptionProtocol() {
        return protocol;
    }

    @Override
    public SealedMessage wrap(byte[] plaintext) throws SealingException {
        int flags = WrapTokenHeader.SEALED | (acceptor ? WrapTokenHeader.SENT_BY_ACCEPTOR : 0)
                | (acceptorSubkey ? WrapTokenHeader.ACCEPTOR_SUBKEY : 0);
        WrapTokenHeader header = new WrapTokenHeader(flags, 0, 0, seqOut);
        // confounder ‖ plaintext ‖ header copy (RRC 0), encrypted in one pass
        int n = KerberosCipher.CONFOUNDER + plaintext.length + WrapTokenHeader.LENGTH;
        byte[] data = new byte[n];
        KerberosCipher.confound(data);
        System.arraycopy(plaintext, 0, data, KerberosCipher.CONFOUNDER, plaintext.length);
        System.arraycopy(header.encode(), 0, data, n - WrapTokenHeader.LENGTH, WrapTokenHeader.LENGTH);
        byte[] encrypted;
        try {
            encrypted = cipher.encryptWithConfounder(acceptor ? ACCEPTOR_SEAL : INITIATOR_SEAL, data, n);
        } catch (GeneralSecurityException e) {
            throw new SealingException("Kerberos wrap failed: " + e.getMessage(), e);
        }
        seqOut++;
        // rotated right by RRC: the last RRC bytes (encrypted header copy + checksum) first; the signature is the
        // header, those RRC bytes and the encrypted confounder, the data the rest (as long as the plaintext)
        int rrc = WrapTokenHeader.LENGTH + cipher.type().checksumLength();
        int tailStart = encrypted.length - rrc;
        byte[] signature = new byte[WrapTokenHeader.LENGTH + rrc + KerberosCipher.CONFOUNDER];
        System.arraycopy(header.withRotation(rrc).encode(), 0, signature, 0, WrapTokenHeader.LENGTH);
        System.arraycopy(encrypted, tailStart, signature, WrapTokenHeader.LENGTH, rrc);
        System.arraycopy(encrypted, 0, signature, WrapTokenHeader.LENGTH + rrc, KerberosCipher.CONFOUNDER);
        return new SealedMessage(signature, Arrays.copyOfRange(encrypted, KerberosCipher.CONFOUNDER, tailStart));
    }

    @Override
    public byte[] unwrap(SealedMessage sealed) throws SealingException {
        if (incomingBroken) {
            throw new SealingException("Kerberos context unusable after a rejected message");
        }
        try {
            return open(sealed);
        } catch (SealingException e) {
            incomingBroken = true;
            throw e;
        }
    }

    private byte[] open(SealedMessage sealed) throws SealingException {
        byte[] sig = sealed.header();
        byte[] data = sealed.ciphertext();
        WrapTokenHeader header;
        try {
            header = WrapTokenHeader.decode(sig);
        } catch (IllegalArgumentException e) {
            throw new SealingException("Kerberos wrap token: " + e.getMessage());
        }
        if (header.has(WrapTokenHeader.SENT_BY_ACCEPTOR) == acceptor) {
            throw new SealingException("Kerberos wrap token sent in the wrong direction (a reflected message)");
        }
        if (!header.has(WrapTokenHeader.SEALED)) {
            throw new SealingException("Kerberos wrap token without confidentiality: encryption is required");
        }
        if (header.has(WrapTokenHeader.ACCEPTOR_SUBKEY) != acceptorSubkey) {
            throw new SealingException("Kerberos wrap token names the wrong key (AcceptorSubkey flag)");
        }
        if (seqInKnown && header.sequenceNumber() != seqIn) {
            throw new SealingException("Kerberos message out of sequence: expected " + Long.toUnsignedString(seqIn)
                    + ", got " + Long.toUnsignedString(header.sequenceNumber())
                    + " (replayed, reordered or lost message)");
        }
        int blobLength = sig.length - WrapTokenHeader.LENGTH + data.length;
        int minimum = cipher.ciphertextLength(WrapTokenHeader.LENGTH + header.extraCount());
        if (blobLength < minimum) {
            throw new SealingException("Kerberos wrap token too short: " + blobLength + " bytes after the header");
        }
        byte[] blob = new byte[blobLength];
        System.arraycopy(sig, WrapTokenHeader.LENGTH, blob, 0, sig.length - WrapTokenHeader.LENGTH);
        System.arraycopy(data, 0, blob, sig.length - WrapTokenHeader.LENGTH, data.length);
        byte[] decrypted;
        try {
            decrypted = cipher.decrypt(acceptor ? INITIATOR_SEAL : ACCEPTOR_SEAL,
                    rotateLeft(blob, header.rotation()));
        } catch (GeneralSecurityException e) {
            throw new SealingException("Kerberos wrap token does not verify: " + e.getMessage());
        }
        int plainLength = decrypted.length - header.extraCount() - WrapTokenHeader.LENGTH;
        byte[] copy = Arrays.copyOfRange(decrypted, decrypted.length - WrapTokenHeader.LENGTH, decrypted.length);
        if (!MessageDigest.isEqual(copy, header.withRotation(0).encode())) {
            throw new SealingException("Kerberos wrap token header does not match its encrypted copy");
        }
        seqIn = header.sequenceNumber() + 1;
        seqInKnown = true;
        return Arrays.copyOf(decrypted, plainLength);
    }

    static byte[] rotateRight(byte[] in, int count) {
        int n = in.length;
        int r = n == 0 ? 0 : count % n;
        byte[] out = new byte[n];
        System.arraycopy(in, n - r, out, 0, r);
        System.arraycopy(in, 0, out, r, n - r);
        return out;
    }

    static byte[] rotateLeft(byte[] in, int count) {
        int n = in.length;
        return rotateRight(in, n == 0 ? 0 : n - count % n);
    }
}
