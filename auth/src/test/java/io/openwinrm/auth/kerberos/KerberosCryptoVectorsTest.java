package io.openwinrm.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The published vectors: RFC 3961 appendix A.1 (n-fold), RFC 3962 appendix B (string-to-key, which exercises DK, and
 * AES-CBC-CTS) and RFC 8009 appendix A (key derivation, encryption), as transcribed and recomputed in
 * {@code shared/vectors/kerberos-aes.md}.
 */
class KerberosCryptoVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
        "012345, 64, be072631276b1955",
        "password, 56, 78a07b6caf85fa",
        "'Rough Consensus, and Running Code', 64, bb6ed30870b7f0e0",
        "password, 168, 59e4a8ca7c0385c3c37b3f6d2000247cb6e6bd5b3e",
        "MASSACHVSETTS INSTITVTE OF TECHNOLOGY, 192, db3b0d8f0b061e603282b308a50841229ad798fab9540c1b",
        "Q, 168, 518a54a215a8452a518a54a215a8452a518a54a215",
        "ba, 168, fb25d531ae8974499f52fd92ea9857c4ba24cf297e",
        "kerberos, 64, 6b65726265726f73",
        "kerberos, 128, 6b65726265726f737b9b5b2b93132b93",
        "kerberos, 168, 8372c236344e5f1550cd0747e15d62ca7a5a3bcea4",
        "kerberos, 256, 6b65726265726f737b9b5b2b93132b935c9bdcdad95c9899c4cae4dee6d6cae4",
    })
    void nFold(String input, int bits, String expected) {
        assertThat(HEX.formatHex(NFold.fold(input.getBytes(StandardCharsets.US_ASCII), bits / 8)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({
        "17, c6353568f2bf8cb4d8a580362da7ff7f97",
        "31, fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5",
        "32, 39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584",
        "47, 97687268d6ecccc0c07b25e25ecfe584b3fffd940c16a18c1b5549d2f838029e39312523a78662d5be7fcbcc98ebf5",
        "48, 97687268d6ecccc0c07b25e25ecfe5849dad8bbb96c4cdc03bc103e1a194bbd839312523a78662d5be7fcbcc98ebf5a8",
        "64, 97687268d6ecccc0c07b25e25ecfe58439312523a78662d5be7fcbcc98ebf5a84807efe836ee89a526730dbc2f7bc840"
                + "9dad8bbb96c4cdc03bc103e1a194bbd8",
    })
    void aesCts(int length, String expected) throws Exception {
        byte[] key = HEX.parseHex("636869636b656e207465726979616b69");
        byte[] input = java.util.Arrays.copyOf(HEX.parseHex("4920776f756c64206c696b65207468652047656e6572616c204761"
                + "75277320436869636b656e2c20706c656173652c20616e6420776f6e746f6e20736f75702e"), length);
        assertThat(HEX.formatHex(AesCts.encrypt(key, input))).isEqualTo(expected);
        assertThat(AesCts.decrypt(key, HEX.parseHex(expected))).isEqualTo(input);
    }

    @ParameterizedTest(name = "{0} iterations, {1}")
    @CsvSource({
        "1, password, 415448454e412e4d49542e4544557261656275726e, 42263c6e89f4fc28b8df68ee09799f15,"
                + " fe697b52bc0d3ce14432ba036a92e65bbb52280990a2fa27883998d72af30161",
        "2, password, 415448454e412e4d49542e4544557261656275726e, c651bf29e2300ac27fa469d693bdda13,"
                + " a2e16d16b36069c135d5e9d2e25f896102685618b95914b467c67622225824ff",
        "1200, password, 415448454e412e4d49542e4544557261656275726e, 4c01cd46d632d01e6dbe230a01ed642a,"
                + " 55a6ac740ad17b4846941051e1e8b0a7548d93b0ab30a8bc3ff16280382b8c2a",
        "5, password, 1234567878563412, e9b23d52273747dd5c35cb55be619d8e,"
                + " 97a4e786be20d81a382d5ebc96d5909cabcdadc87ca48f574504159f16c36e31",
    })
    void rfc3962StringToKey(int iterations, String password, String salt, String aes128, String aes256)
            throws Exception {
        byte[] s = HEX.parseHex(salt);
        assertThat(HEX.formatHex(KerberosCipher.Rfc3962.stringToKey(EncryptionType.AES128_CTS_HMAC_SHA1_96,
                password.toCharArray(), s, iterations))).isEqualTo(aes128);
        assertThat(HEX.formatHex(KerberosCipher.Rfc3962.stringToKey(EncryptionType.AES256_CTS_HMAC_SHA1_96,
                password.toCharArray(), s, iterations))).isEqualTo(aes256);
    }

    @ParameterizedTest(name = "pass phrase of {0} X")
    @CsvSource({
        "64, pass phrase equals block size, 59d1bb789a828b1aa54ef9c2883f69ed,"
                + " 89adee3608db8bc71f1bfbfe459486b05618b70cbae22092534e56c553ba4b34",
        "65, pass phrase exceeds block size, cb8005dc5f90179a7f02104c0018751d,"
                + " d78c5c9cb872a8c9dad4697f0bb5b2d21496c82beb2caeda2112fceea057401b",
    })
    void rfc3962LongPassPhrases(int length, String salt, String aes128, String aes256) throws Exception {
        char[] password = "X".repeat(length).toCharArray();
        byte[] s = salt.getBytes(StandardCharsets.US_ASCII);
        assertThat(HEX.formatHex(KerberosCipher.Rfc3962.stringToKey(EncryptionType.AES128_CTS_HMAC_SHA1_96,
                password, s, 1200))).isEqualTo(aes128);
        assertThat(HEX.formatHex(KerberosCipher.Rfc3962.stringToKey(EncryptionType.AES256_CTS_HMAC_SHA1_96,
                password, s, 1200))).isEqualTo(aes256);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "HmacSHA256, 3705d96080c17728a0e800eab6e0d23c, 128, 128, b31a018a48f54776f403e9a396325dc3,"
                + " 9b197dd1e8c5609d6e67c3e37c62c72e, 9fda0e56ab2d85e1569a688696c26a6c",
        "HmacSHA384, 6d404d37faf79f9df0d33568d320669800eb4836472ea8a026d16b7182460c52, 256, 192,"
                + " ef5718be86cc84963d8bbb5031e9f5c4ba41f28faf69e73d,"
                + " 56ab22bee63d82d7bc5227f6773f8ea7a5eb1c825160c38312980c442e5c7e49,"
                + " 69b16514e3cd8e56b82010d5c73012b622c4d00ffc23ed1f",
    })
    void rfc8009KeyDerivation(String mac, String base, int keBits, int kiBits, String kc, String ke, String ki)
            throws Exception {
        byte[] key = HEX.parseHex(base);
        assertThat(HEX.formatHex(KerberosCipher.Rfc8009.kdf(mac, key, HEX.parseHex("0000000299"), kiBits)))
                .isEqualTo(kc);
        assertThat(HEX.formatHex(KerberosCipher.Rfc8009.kdf(mac, key, HEX.parseHex("00000002aa"), keBits)))
                .isEqualTo(ke);
        assertThat(HEX.formatHex(KerberosCipher.Rfc8009.kdf(mac, key, HEX.parseHex("0000000255"), kiBits)))
                .isEqualTo(ki);
    }

    @ParameterizedTest(name = "etype {0}, {2} plaintext")
    @CsvSource({
        "19, 7e5895eaf2672435bad817f545a37148, '', ef85fb890bb8472f4dab20394dca781dad877eda39d50c870c0d5a0a8e48c718",
        "19, 7bca285e2fd4130fb55b1a5c83bc5b24, 000102030405,"
                + " 84d7f30754ed987bab0bf3506beb09cfb55402cef7e6877ce99e247e52d16ed4421dfdf8976c",
        "19, 56ab21713ff62c0a1457200f6fa9948f, 000102030405060708090a0b0c0d0e0f,"
                + " 3517d640f50ddc8ad3628722b3569d2ae07493fa8263254080ea65c1008e8fc295fb4852e7d83e1e7c48c37eebe6b0d3",
        "19, a7a4e29a4728ce10664fb64e49ad3fac, 000102030405060708090a0b0c0d0e0f1011121314,"
                + " 720f73b18d9859cd6ccb4346115cd336c70f58edc0c4437c5573544c31c813bce1e6d072c186b39a413c2f92ca9b8334"
                + "a287ffcbfc",
        "20, f764e9fa15c276478b2c7d0c4e5f58e4, '',"
                + " 41f53fa5bfe7026d91faf9be959195a058707273a96a40f0a01960621ac612748b9bbfbe7eb4ce3c",
        "20, b80d3251c1f6471494256ffe712d0b9a, 000102030405,"
                + " 4ed7b37c2bcac8f74f23c1cf07e62bc7b75fb3f637b9f559c7f664f69eab7b6092237526ea0d1f61cb20d69d10f2",
        "20, 53bf8a0d105265d4e276428624ce5e63, 000102030405060708090a0b0c0d0e0f,"
                + " bc47ffec7998eb91e8115cf8d19dac4bbbe2e163e87dd37f49beca92027764f68cf51f14d798c2273f35df574d1f932e"
                + "40c4ff255b36a266",
        "20, 763e65367e864f02f55153c7e3b58af1, 000102030405060708090a0b0c0d0e0f1011121314,"
                + " 40013e2df58e8751957d2878bcd2d6fe101ccfd556cb1eae79db3c3ee86429f2b2a602ac86fef6ecb647d6295fae077a"
                + "1feb517508d2c16b4192e01f62",
    })
    void rfc8009Encryption(int etype, String confounder, String plaintext, String expected) throws Exception {
        EncryptionType type = EncryptionType.of(etype).orElseThrow();
        byte[] key = HEX.parseHex(etype == 19 ? "3705d96080c17728a0e800eab6e0d23c"
                : "6d404d37faf79f9df0d33568d320669800eb4836472ea8a026d16b7182460c52");
        KerberosCipher cipher = KerberosCipher.of(type, key);
        byte[] p = HEX.parseHex(plaintext);
        assertThat(HEX.formatHex(cipher.encrypt(2, HEX.parseHex(confounder), p))).isEqualTo(expected);
        assertThat(cipher.decrypt(2, HEX.parseHex(expected))).isEqualTo(p);
    }

    /**
     * The engine path (prepared ciphers, CTS straight from the input) gives exactly the bytes of the construction
     * written out here with the one-shot primitives: AES-CTS under Ke of confounder ‖ plaintext, then the truncated
     * HMAC under Ki of the plaintext (RFC 3962) or of IV ‖ ciphertext (RFC 8009).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(EncryptionType.class)
    void theEnginePathEqualsTheOneShotConstruction(EncryptionType type) throws Exception {
        java.util.Random random = new java.util.Random(type.number());
        byte[] key = new byte[type.keyLength()];
        random.nextBytes(key);
        KerberosCipher cipher = KerberosCipher.of(type, key);
        String mac = type.number() == 17 || type.number() == 18 ? "HmacSHA1"
                : type.number() == 19 ? "HmacSHA256" : "HmacSHA384";
        for (int n : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 1000, 65536, 512_001}) {
            for (int usage : new int[] {22, 24}) {
                byte[] data = new byte[16 + n];
                random.nextBytes(data);
                byte[] ke = cipher.keys(usage)[0];
                byte[] ki = cipher.keys(usage)[1];
                byte[] c = AesCts.encrypt(ke, data);
                byte[] h = java.util.Arrays.copyOf(type.number() <= 18 ? KerberosCipher.hmac(mac, ki, data)
                        : KerberosCipher.hmac(mac, ki, new byte[16], c), type.checksumLength());
                byte[] expected = java.util.Arrays.copyOf(c, c.length + h.length);
                System.arraycopy(h, 0, expected, c.length, h.length);
                assertThat(cipher.encryptWithConfounder(usage, data, data.length)).as("%s, %d bytes", type, n)
                        .isEqualTo(expected);
                assertThat(cipher.decrypt(usage, expected)).isEqualTo(java.util.Arrays.copyOfRange(data, 16,
                        data.length));
            }
        }
    }
}
