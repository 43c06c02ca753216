package io.openwinrm.server.psrp.restricted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WildcardTest {

    @Test
    void matchesAsPowerShellDoes() {
        assertThat(new Wildcard("get-*").matches("Get-Command")).isTrue();
        assertThat(new Wildcard("*-Object").matches("Select-Object")).isTrue();
        assertThat(new Wildcard("?at").matches("cat")).isTrue();
        assertThat(new Wildcard("[a-c]at").matches("Cat")).isTrue();
        assertThat(new Wildcard("[xy]at").matches("cat")).isFalse();
        assertThat(new Wildcard("ca`*").matches("ca*")).isTrue();
        assertThat(new Wildcard("ca`*").matches("cat")).isFalse();
        assertThat(new Wildcard("cat").isLiteral()).isTrue();
        assertThat(new Wildcard("c*").isLiteral()).isFalse();
        assertThat(new Wildcard("*").matches("")).isTrue();
        assertThat(new Wildcard("a*b").matches("ab")).isTrue();
        assertThat(new Wildcard("a*b").matches("abc")).isFalse();
    }

    @Test
    @Timeout(2)
    void hostilePatternsCostLittle() {
        String pattern = "*a".repeat(500) + "b";
        assertThat(new Wildcard(pattern).matches("a".repeat(200))).isFalse();
        assertThatThrownBy(() -> new Wildcard("x".repeat(Wildcard.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
