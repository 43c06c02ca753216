package io.openwinrm.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.auth.spi.SecurityContext.SealedMessage;
import io.openwinrm.auth.spi.SecurityContext.SealingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KerberosSessionSecurityTest {

    private static final long CLIENT_SEQ = 0x1234_5678L;
    private static final long SERVER_SEQ = 0x0ABC_DEF0L;

    private static KerberosSessionSecurity[] pair(EncryptionType type, boolean acceptorSubkey) {
        byte[] key = new byte[type.keyLength()];
        new Random(7).nextBytes(key);
        return new KerberosSessionSecurity[] {
            KerberosSessionSecurity.initiator(type, key, acceptorSubkey, CLIENT_SEQ,
                    KerberosSessionSecurity.KERBEROS_PROTOCOL),
            KerberosSessionSecurity.acceptor(type, key, acceptorSubkey, SERVER_SEQ,
                    KerberosSessionSecurity.KERBEROS_PROTOCOL)};
    }

    private static byte[] join(SealedMessage m) {
        byte[] out = Arrays.copyOf(m.header(), m.header().length + m.ciphertext().length);
        System.arraycopy(m.ciphertext(), 0, out, m.header().length, m.ciphertext().length);
        return out;
    }

    @ParameterizedTest
    @EnumSource(EncryptionType.class)
    void bothDirectionsRoundTripInSequence(EncryptionType type) throws Exception {
        KerberosSessionSecurity[] p = pair(type, false);
        for (int i = 0; i < 5; i++) {
            byte[] request = ("<s:Envelope>request " + i + "</s:Envelope>").getBytes(StandardCharsets.UTF_8);
            assertThat(p[1].unwrap(p[0].wrap(request))).isEqualTo(request);
            byte[] reply = new byte[1000 * i];
            new Random(i).nextBytes(reply);
            assertThat(p[0].unwrap(p[1].wrap(reply))).isEqualTo(reply);
        }
    }

    /** [MS-KILE] 3.4.5.4.1 / Windows: RRC 28, EC 0, a 60-byte signature and data exactly as long as the plaintext. */
    @Test
    void windowsLayoutForAes256Sha1() throws Exception {
        KerberosSessionSecurity server = pair(EncryptionType.AES256_CTS_HMAC_SHA1_96, false)[1];
        byte[] plaintext = "<s:Envelope/>".getBytes(StandardCharsets.UTF_8);
        SealedMessage m = server.wrap(plaintext);
        assertThat(m.header()).hasSize(60);
        assertThat(m.ciphertext()).hasSize(plaintext.length);
        WrapTokenHeader h = WrapTokenHeader.decode(m.header());
        assertThat(h.extraCount()).isZero();
        assertThat(h.rotation()).isEqualTo(28);
        assertThat(h.sequenceNumber()).isEqualTo(SERVER_SEQ);
        assertThat(h.flags()).isEqualTo(WrapTokenHeader.SENT_BY_ACCEPTOR | WrapTokenHeader.SEALED);
        assertThat(WrapTokenHeader.decode(server.wrap(plaintext).header()).sequenceNumber()).isEqualTo(SERVER_SEQ + 1);
    }

    @Test
    void acceptorSubkeyFlagIsSentAndRequired() throws Exception {
        KerberosSessionSecurity[] withSubkey = pair(EncryptionType.AES128_CTS_HMAC_SHA1_96, true);
        SealedMessage m = withSubkey[1].wrap(new byte[] {1, 2, 3});
        assertThat(WrapTokenHeader.decode(m.header()).has(WrapTokenHeader.ACCEPTOR_SUBKEY)).isTrue();
        assertThat(withSubkey[0].unwrap(m)).containsExactly(1, 2, 3);
        KerberosSessionSecurity[] without = pair(EncryptionType.AES128_CTS_HMAC_SHA1_96, false);
        assertThatThrownBy(() -> without[0].unwrap(withSubkey[1].wrap(new byte[] {1})))
                .isInstanceOf(SealingException.class).hasMessageContaining("AcceptorSubkey");
    }

    /** RFC 4121 4.2.5: a receiver honours any RRC and EC, e.g. an unrotated token split after its header. */
    @Test
    void anyRotationAndExtraCountIsAccepted() throws Exception {
        EncryptionType type = EncryptionType.AES256_CTS_HMAC_SHA1_96;
        KerberosSessionSecurity[] p = pair(type, false);
        byte[] token = join(p[0].wrap("first".getBytes(StandardCharsets.US_ASCII)));
        byte[] blob = KerberosSessionSecurity.rotateLeft(Arrays.copyOfRange(token, 16, token.length), 28);
        byte[] header = WrapTokenHeader.decode(token).withRotation(0).encode();
        assertThat(p[1].unwrap(new SealedMessage(header, blob))).asString().isEqualTo("first");

        // EC = 16 filler bytes and RRC = 44, built by hand as another implementation might
        byte[] key = new byte[type.keyLength()];
        new Random(7).nextBytes(key);
        WrapTokenHeader h = new WrapTokenHeader(WrapTokenHeader.SEALED, 16, 0, CLIENT_SEQ + 1);
        byte[] plain = "second".getBytes(StandardCharsets.US_ASCII);
        byte[] toEncrypt = new byte[plain.length + 16 + 16];
        System.arraycopy(plain, 0, toEncrypt, 0, plain.length);
        System.arraycopy(h.encode(), 0, toEncrypt, plain.length + 16, 16);
        byte[] rotated = KerberosSessionSecurity.rotateRight(KerberosCipher.of(type, key).encrypt(24, toEncrypt), 44);
        assertThat(p[1].unwrap(new SealedMessage(h.withRotation(44).encode(), rotated))).asString()
                .isEqualTo("second");
    }

    @Test
    void replayedReorderedAndReflectedMessagesAreRefused() throws Exception {
        KerberosSessionSecurity[] p = pair(EncryptionType.AES256_CTS_HMAC_SHA1_96, false);
        SealedMessage first = p[0].wrap(new byte[] {1});
        SealedMessage second = p[0].wrap(new byte[] {2});
        SealedMessage third = p[0].wrap(new byte[] {3});
        p[1].unwrap(first);
        assertThatThrownBy(() -> p[1].unwrap(third)).hasMessageContaining("out of sequence");
        assertThatThrownBy(() -> p[1].unwrap(second)).hasMessageContaining("unusable");

        KerberosSessionSecurity[] q = pair(EncryptionType.AES256_CTS_HMAC_SHA1_96, false);
        SealedMessage a = q[0].wrap(new byte[] {1});
        q[1].unwrap(a);
        assertThatThrownBy(() -> q[1].unwrap(a)).hasMessageContaining("out of sequence");

        KerberosSessionSecurity[] r = pair(EncryptionType.AES256_CTS_HMAC_SHA1_96, false);
        assertThatThrownBy(() -> r[1].unwrap(r[1].wrap(new byte[] {1}))).hasMessageContaining("wrong direction");
    }

    @Test
    void everyFlippedBitIsRefusedAndBreaksTheIncomingDirection() throws Exception {
        byte[] plaintext = "<s:Envelope>tamper me</s:Envelope>".getBytes(StandardCharsets.UTF_8);
        byte[] token = join(pair(EncryptionType.AES256_CTS_HMAC_SHA1_96, false)[0].wrap(plaintext));
        for (int i = 0; i < token.length; i++) {
            if (i == 6 || i == 7) {
                continue; // RRC is outside the protection by design (RFC 4121 4.2.5); a changed one fails below
            }
            byte[] bad = token.clone();
            bad[i] ^= 0x01;
            KerberosSessionSecurity server = pair(EncryptionType.AES256_CTS_HMAC_SHA1_96, false)[1];
            assertThatThrownBy(() -> server.unwrap(new SealedMessage(Arrays.copyOf(bad, 60),
                    Arrays.copyOfRange(bad, 60, bad.length)))).as("byte %d", i).isInstanceOf(SealingException.class);
            SealedMessage good = new SealedMessage(Arrays.copyOf(token, 60), Arrays.copyOfRange(token, 60,
                    token.length));
            assertThatThrownBy(() -> server.unwrap(good)).hasMessageContaining("unusable");
        }
        byte[] rotatedWrongly = token.clone();
        rotatedWrongly[7] = 27;
        assertThatThrownBy(() -> pair(EncryptionType.AES256_CTS_HMAC_SHA1_96, false)[1].unwrap(
                new SealedMessage(Arrays.copyOf(rotatedWrongly, 60), Arrays.copyOfRange(rotatedWrongly, 60,
                        rotatedWrongly.length)))).isInstanceOf(SealingException.class);
    }

    @Test
    void unsealedAndForeignTokensAreRefused() throws Exception {
        KerberosSessionSecurity server = pair(EncryptionType.AES256_CTS_HMAC_SHA1_96, false)[1];
        byte[] integrityOnly = new WrapTokenHeader(0, 12, 0, CLIENT_SEQ).encode();
        assertThatThrownBy(() -> server.unwrap(new SealedMessage(integrityOnly, new byte[40])))
                .hasMessageContaining("without confidentiality");
        byte[] mic = {0x04, 0x04, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0, 0, 0,
            0, 1};
        KerberosSessionSecurity other = pair(EncryptionType.AES256_CTS_HMAC_SHA1_96, false)[1];
        assertThatThrownBy(() -> other.unwrap(new SealedMessage(mic, new byte[0]))).hasMessageContaining("05 04");
    }

    /** Hostile input: 10,000 mutated and truncated tokens, each refused with a SealingException and nothing else. */
    @Test
    void mutatedTokensOnlyEverFailCleanly() throws Exception {
        Random random = new Random(4121);
        byte[] token = join(pair(EncryptionType.AES256_CTS_HMAC_SHA1_96, false)[0].wrap(new byte[100]));
        for (int i = 0; i < 10_000; i++) {
            byte[] bad = Arrays.copyOf(token, random.nextInt(token.length + 8));
            for (int j = random.nextInt(4); j >= 0 && bad.length > 0; j--) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            int split = bad.length == 0 ? 0 : random.nextInt(bad.length + 1);
            SealedMessage m = new SealedMessage(Arrays.copyOf(bad, split), Arrays.copyOfRange(bad, split, bad.length));
            KerberosSessionSecurity server = pair(EncryptionType.AES256_CTS_HMAC_SHA1_96, false)[1];
            try {
                server.unwrap(m);
                assertThat(bad).as("only the untouched token may pass").isEqualTo(token);
            } catch (SealingException expected) {
                // refused
            }
        }
    }
}
