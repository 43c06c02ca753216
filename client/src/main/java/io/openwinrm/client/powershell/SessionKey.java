package io.openwinrm.client.powershell;

import io.openwinrm.psrp.clixml.PsSecureString;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client's half of the PSRP session key exchange ([MS-PSRP] 3.1.5.4.6, 2.2.2.3, 2.2.2.4) and SecureString
 * encryption (2.2.5.1.24): a fresh RSA-2048 key sent as a CAPI PUBLICKEYBLOB, the server's AES-256 session key
 * received in a SIMPLEBLOB (RSAES-PKCS1-v1_5, byte-reversed), then {@code <SS>} = AES-256-CBC with a zero IV and
 * PKCS#7 over the UTF-16LE text. Thread-safe once the session key is set.
 */
final class SessionKey {
    /** PUBLICKEYBLOB header: bType 6, bVersion 2, reserved, aiKeyAlg CALG_RSA_KEYX (0x0000A400). */
    private static final byte[] PUBLIC_KEY_HEADER = {0x06, 0x02, 0x00, 0x00, 0x00, (byte) 0xA4, 0x00, 0x00};
    /** SIMPLEBLOB header: bType 1, bVersion 2, reserved, CALG_AES_256 (0x6610), then CALG_RSA_KEYX. */
    private static final byte[] SIMPLE_BLOB_HEADER = {0x01, 0x02, 0x00, 0x00, 0x10, 0x66, 0x00, 0x00, 0x00,
        (byte) 0xA4, 0x00, 0x00};
    private static final int MODULUS_BYTES = 256;

    private final KeyPair pair;
    private final CompletableFuture<Void> exchanged = new CompletableFuture<>();
    private volatile byte[] key;

    SessionKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            pair = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA key generator: " + e.getMessage(), e);
        }
    }

    /** Base64 of the PUBLICKEYBLOB: header, {@code RSA1}, bit length, exponent, modulus little-endian. */
    String publicKeyBlob() {
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        ByteBuffer b = ByteBuffer.allocate(8 + 12 + MODULUS_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(PUBLIC_KEY_HEADER);
        b.put("RSA1".getBytes(StandardCharsets.US_ASCII));
        b.putInt(MODULUS_BYTES * 8);
        b.putInt(pub.getPublicExponent().intValueExact());
        b.put(reverse(unsigned(pub.getModulus(), MODULUS_BYTES)));
        return Base64.getEncoder().encodeToString(b.array());
    }

    /**
     * Runs the exchange once: {@code sendPublicKey} sends PUBLIC_KEY, then this waits for {@link #received}; later
     * calls return at once.
     *
     * @throws PowerShellException if no usable key came within {@code timeout}, or the pool failed meanwhile
     */
    synchronized void exchange(Runnable sendPublicKey, Duration timeout) {
        if (ready()) {
            return;
        }
        sendPublicKey.run();
        try {
            exchanged.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PowerShellException("the server sent no session key within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PowerShellException("interrupted while exchanging keys", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new PowerShellException("the key exchange failed", e.getCause());
        }
    }

    /** The server's ENCRYPTED_SESSION_KEY arrived (on the pool's receiving thread). */
    void received(String encryptedSessionKeyBase64) {
        try {
            accept(encryptedSessionKeyBase64);
            exchanged.complete(null);
        } catch (PowerShellException e) {
            exchanged.completeExceptionally(e);
        }
    }

    /** The pool failed: a waiting exchange ends with {@code e}. */
    void failed(RuntimeException e) {
        exchanged.completeExceptionally(e);
    }

    /**
     * Takes the session key from the server's ENCRYPTED_SESSION_KEY.
     *
     * @throws PowerShellException if the blob is not a SIMPLEBLOB of an AES-256 key for our RSA key
     */
    void accept(String encryptedSessionKeyBase64) {
        byte[] blob;
        try {
            blob = Base64.getMimeDecoder().decode(encryptedSessionKeyBase64.strip());
        } catch (IllegalArgumentException e) {
            throw new PowerShellException("ENCRYPTED_SESSION_KEY is not base64");
        }
        if (blob.length != SIMPLE_BLOB_HEADER.length + MODULUS_BYTES
                || !Arrays.equals(Arrays.copyOf(blob, SIMPLE_BLOB_HEADER.length), SIMPLE_BLOB_HEADER)) {
            throw new PowerShellException("ENCRYPTED_SESSION_KEY is not a SIMPLEBLOB of an AES-256 key ("
                    + blob.length + " bytes)");
        }
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.DECRYPT_MODE, pair.getPrivate());
            byte[] k = rsa.doFinal(reverse(Arrays.copyOfRange(blob, SIMPLE_BLOB_HEADER.length, blob.length)));
            if (k.length != 32) {
                throw new PowerShellException("the session key has " + k.length + " bytes, not 32");
            }
            key = k;
        } catch (GeneralSecurityException e) {
            throw new PowerShellException("cannot decrypt the session key: " + e.getMessage(), e);
        }
    }

    boolean ready() {
        return key != null;
    }

    PsSecureString encrypt(char[] text) {
        CharBuffer chars = CharBuffer.wrap(text);
        ByteBuffer utf16 = StandardCharsets.UTF_16LE.encode(chars);
        byte[] plain = new byte[utf16.remaining()];
        utf16.get(plain);
        try {
            return new PsSecureString(cipher(Cipher.ENCRYPT_MODE).doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new PowerShellException("cannot encrypt a SecureString: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
            if (utf16.hasArray()) {
                Arrays.fill(utf16.array(), (byte) 0);
            }
        }
    }

    char[] decrypt(PsSecureString value) {
        byte[] plain = null;
        try {
            plain = cipher(Cipher.DECRYPT_MODE).doFinal(value.value());
            CharBuffer chars = StandardCharsets.UTF_16LE.decode(ByteBuffer.wrap(plain));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new PowerShellException("cannot decrypt a SecureString (not made with this pool's session key?): "
                    + e.getMessage(), e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private Cipher cipher(int mode) throws GeneralSecurityException {
        byte[] k = key;
        if (k == null) {
            throw new PowerShellException("no session key: exchange keys first");
        }
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(mode, new SecretKeySpec(k, "AES"), new IvParameterSpec(new byte[16]));
        return aes;
    }

    private static byte[] unsigned(BigInteger n, int length) {
        byte[] raw = n.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    private static byte[] reverse(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }
}
