package io.openwinrm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedHostsTest {

    @Test
    void emptyListTrustsNobody() {
        assertThat(TrustedHosts.NONE.matches("localhost")).isFalse();
        assertThat(TrustedHosts.parse("").matches("a")).isFalse();
    }

    @Test
    void starTrustsEverybody() {
        assertThat(TrustedHosts.parse("*").matches("anything.example")).isTrue();
    }

    @Test
    void wildcardsAndCase() {
        TrustedHosts t = TrustedHosts.parse("*.Corp.Example, 10.0.0.*,server1");
        assertThat(t.matches("web.corp.example")).isTrue();
        assertThat(t.matches("WEB.CORP.EXAMPLE")).isTrue();
        assertThat(t.matches("corp.example")).isFalse();
        assertThat(t.matches("10.0.0.17")).isTrue();
        assertThat(t.matches("10.0.1.17")).isFalse();
        assertThat(t.matches("server1")).isTrue();
        assertThat(t.matches("server10")).isFalse();
        assertThat(t.toString()).isEqualTo("*.corp.example,10.0.0.*,server1");
    }

    @Test
    void ipv6Literals() {
        assertThat(TrustedHosts.parse("[::1]").matches("::1")).isTrue();
        assertThat(TrustedHosts.parse("::1").matches("[::1]")).isTrue();
    }

    @Test
    void addAndRemoveKeepOrderWithoutDuplicates() {
        TrustedHosts t = TrustedHosts.parse("a,b").plus(List.of("B", "c")).minus(List.of("A"));
        assertThat(t.patterns()).containsExactly("b", "c");
    }

    @Test
    void invalidEntriesAreRefused() {
        assertThatThrownBy(() -> TrustedHosts.parse("a;rm -rf")).hasMessageContaining("invalid TrustedHosts entry");
        assertThatThrownBy(() -> TrustedHosts.of(List.of("http://x"))).hasMessageContaining("invalid");
    }
}
