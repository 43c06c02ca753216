package io.openwinrm.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 3962 has no encryption vectors, so each AES type is checked against MIT Kerberos itself ({@code libkrb5}'s
 * {@code krb5_c_encrypt}/{@code krb5_c_decrypt}, loaded through JNA): what MIT encrypts we decrypt, and the other way
 * round, for plaintext lengths around the block boundaries and the two GSS seal usages.
 */
class MitCryptoCrossCheckTest {

    /** The subset of krb5.h used here. */
    public interface Krb5 extends Library {
        int krb5_init_context(PointerByReference context);

        int krb5_c_encrypt_length(Pointer context, int enctype, long inputLength, LongByReference length);

        int krb5_c_encrypt(Pointer context, KeyBlock key, int usage, Pointer cipherState, Data input, EncData output);

        int krb5_c_decrypt(Pointer context, KeyBlock key, int usage, Pointer cipherState, EncData input, Data output);
    }

    /** krb5_keyblock. */
    public static class KeyBlock extends Structure {
        public int magic;
        public int enctype;
        public int length;
        public Pointer contents;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("magic", "enctype", "length", "contents");
        }
    }

    /** krb5_data. */
    public static class Data extends Structure {
        public int magic;
        public int length;
        public Pointer data;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("magic", "length", "data");
        }

        /** Embedded by value in krb5_enc_data. */
        public static class ByValue extends Data implements Structure.ByValue {
        }
    }

    /** krb5_enc_data. */
    public static class EncData extends Structure {
        public int magic;
        public int enctype;
        public int kvno;
        public Data.ByValue ciphertext = new Data.ByValue();

        @Override
        protected List<String> getFieldOrder() {
            return List.of("magic", "enctype", "kvno", "ciphertext");
        }
    }

    private static Krb5 krb5;
    private static Pointer context;
    private static final SecureRandom RANDOM = new SecureRandom();

    @BeforeAll
    static void loadMit() {
        try {
            krb5 = Native.load("libkrb5.so.3", Krb5.class);
        } catch (UnsatisfiedLinkError e) {
            Assumptions.abort("MIT libkrb5 is not installed: " + e.getMessage());
        }
        PointerByReference ctx = new PointerByReference();
        assertThat(krb5.krb5_init_context(ctx)).isZero();
        context = ctx.getValue();
    }

    @ParameterizedTest
    @EnumSource(EncryptionType.class)
    void mitAndWeDecryptEachOther(EncryptionType type) throws Exception {
        byte[] key = new byte[type.keyLength()];
        RANDOM.nextBytes(key);
        KerberosCipher ours = KerberosCipher.of(type, key);
        for (int usage : new int[] {22, 24}) {
            for (int n : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 100, 4096, 4111}) {
                byte[] plaintext = new byte[n];
                RANDOM.nextBytes(plaintext);
                byte[] mine = ours.encrypt(usage, plaintext);
                assertThat(mitDecrypt(type, key, usage, mine)).as("MIT decrypts ours, %d bytes", n)
                        .isEqualTo(plaintext);
                byte[] theirs = mitEncrypt(type, key, usage, plaintext);
                assertThat(theirs).hasSize(ours.ciphertextLength(n));
                assertThat(ours.decrypt(usage, theirs)).as("we decrypt MIT's, %d bytes", n).isEqualTo(plaintext);
            }
        }
    }

    private static KeyBlock keyBlock(EncryptionType type, byte[] key) {
        KeyBlock k = new KeyBlock();
        k.enctype = type.number();
        k.length = key.length;
        k.contents = memory(key);
        return k;
    }

    private static Memory memory(byte[] bytes) {
        Memory m = new Memory(Math.max(1, bytes.length));
        m.write(0, bytes, 0, bytes.length);
        return m;
    }

    private static byte[] mitEncrypt(EncryptionType type, byte[] key, int usage, byte[] plaintext) {
        LongByReference length = new LongByReference();
        assertThat(krb5.krb5_c_encrypt_length(context, type.number(), plaintext.length, length)).isZero();
        Data in = new Data();
        in.length = plaintext.length;
        in.data = memory(plaintext);
        EncData out = new EncData();
        out.ciphertext.length = (int) length.getValue();
        Memory buffer = new Memory(length.getValue());
        out.ciphertext.data = buffer;
        assertThat(krb5.krb5_c_encrypt(context, keyBlock(type, key), usage, null, in, out)).isZero();
        out.read();
        return buffer.getByteArray(0, out.ciphertext.length);
    }

    private static byte[] mitDecrypt(EncryptionType type, byte[] key, int usage, byte[] ciphertext) {
        EncData in = new EncData();
        in.enctype = type.number();
        in.ciphertext.length = ciphertext.length;
        in.ciphertext.data = memory(ciphertext);
        Data out = new Data();
        Memory buffer = new Memory(ciphertext.length);
        out.length = ciphertext.length;
        out.data = buffer;
        assertThat(krb5.krb5_c_decrypt(context, keyBlock(type, key), usage, null, in, out)).as("MIT decrypt")
                .isZero();
        out.read();
        return buffer.getByteArray(0, out.length);
    }
}
