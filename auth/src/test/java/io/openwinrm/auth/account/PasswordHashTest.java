package io.openwinrm.auth.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void encodesVersionedAndRoundTrips() {
        PasswordHash hash = PasswordHash.create("pw".toCharArray(), 1000, new SecureRandom());
        String encoded = hash.encode();
        assertThat(encoded).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        PasswordHash parsed = PasswordHash.parse(encoded);
        assertThat(parsed.matches("pw".toCharArray())).isTrue();
        assertThat(parsed.matches("pW".toCharArray())).isFalse();
        assertThat(parsed.iterations()).isEqualTo(1000);
    }

    @Test
    void matchesRfcStylePbkdf2Vector() {
        // PBKDF2-HMAC-SHA256("password", "salt", 4096, 32), widely published test vector.
        byte[] expected = HexFormat.of().parseHex("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
        assertThat(PasswordHash.derive("password".toCharArray(), "salt".getBytes(), 4096, 32)).isEqualTo(expected);
    }

    @Test
    void rejectsMalformedEncodings() {
        assertThatThrownBy(() -> PasswordHash.parse("md5$1$a$b")).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$x$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$10$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
                .hasMessageContaining("iterations");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$1000$!!$AAAA")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$1000")).hasMessageContaining("4");
    }

    @Test
    void ntHashMatchesKnownValue() {
        assertThat(HexFormat.of().formatHex(NtHash.of("Password".toCharArray())))
                .isEqualTo("a4f49c406510bdcab6824ee7c30fd852");
    }
}
