package io.openwinrm.client.powershell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.psrp.clixml.PsSecureString;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The key exchange as a server does its half ([MS-PSRP] 2.2.2.3, 2.2.2.4, 2.2.5.1.24; psrp.md 3.4): our
 * PUBLICKEYBLOB parses into the RSA key, a session key encrypted to it in a byte-reversed SIMPLEBLOB is accepted,
 * and SecureStrings are AES-256-CBC with a zero IV over UTF-16LE both ways.
 */
class SessionKeyTest {

    @Test
    void aServerReadsOurKeyAndOurSecureStringsAreItsToo() throws Exception {
        SessionKey client = new SessionKey();
        byte[] blob = Base64.getDecoder().decode(client.publicKeyBlob());
        assertThat(Arrays.copyOf(blob, 12)).containsExactly(0x06, 0x02, 0x00, 0x00, 0x00, 0xA4, 0x00, 0x00, 'R', 'S',
                'A', '1');
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        b.position(12);
        assertThat(b.getInt()).isEqualTo(2048);
        int exponent = b.getInt();
        byte[] modulusLe = Arrays.copyOfRange(blob, 20, blob.length);
        assertThat(modulusLe).hasSize(256);
        PublicKey rsa = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, reverse(modulusLe)), BigInteger.valueOf(exponent)));

        byte[] aesKey = new byte[32];
        new SecureRandom().nextBytes(aesKey);
        Cipher enc = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        enc.init(Cipher.ENCRYPT_MODE, rsa);
        byte[] wrapped = reverse(enc.doFinal(aesKey));
        ByteBuffer simple = ByteBuffer.allocate(12 + wrapped.length);
        simple.put(new byte[] {0x01, 0x02, 0x00, 0x00, 0x10, 0x66, 0x00, 0x00, 0x00, (byte) 0xA4, 0x00, 0x00});
        simple.put(wrapped);
        assertThatThrownBy(() -> client.encrypt("x".toCharArray())).isInstanceOf(PowerShellException.class)
                .hasMessageContaining("exchange keys first");
        client.accept(Base64.getEncoder().encodeToString(simple.array()));

        PsSecureString ss = client.encrypt("pässwörd 😀".toCharArray());
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(new byte[16]));
        assertThat(new String(aes.doFinal(ss.value()), StandardCharsets.UTF_16LE)).isEqualTo("pässwörd 😀");

        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(new byte[16]));
        byte[] fromServer = aes.doFinal("from the server".getBytes(StandardCharsets.UTF_16LE));
        assertThat(new String(client.decrypt(new PsSecureString(fromServer)))).isEqualTo("from the server");
    }

    @Test
    void aBlobThatIsNotASessionKeyIsRefused() {
        SessionKey client = new SessionKey();
        assertThatThrownBy(() -> client.accept("!!!")).isInstanceOf(PowerShellException.class);
        assertThatThrownBy(() -> client.accept(Base64.getEncoder().encodeToString(new byte[268])))
                .isInstanceOf(PowerShellException.class).hasMessageContaining("SIMPLEBLOB");
        byte[] wrongKey = new byte[268];
        System.arraycopy(new byte[] {0x01, 0x02, 0x00, 0x00, 0x10, 0x66, 0x00, 0x00, 0x00, (byte) 0xA4, 0x00, 0x00},
                0, wrongKey, 0, 12);
        assertThatThrownBy(() -> client.accept(Base64.getEncoder().encodeToString(wrongKey)))
                .isInstanceOf(PowerShellException.class).hasMessageContaining("cannot decrypt");
        assertThat(client.ready()).isFalse();
    }

    private static byte[] reverse(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }
}
