package io.openwinrm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void bareHostMeansHttpsOn5986() {
        Endpoint e = Endpoint.parse("server1", false);
        assertThat(e.https()).isTrue();
        assertThat(e.port()).isEqualTo(5986);
        assertThat(e.uri()).hasToString("https://server1:5986/wsman");
    }

    @Test
    void bareHostWithHttpPreferenceUses5985() {
        assertThat(Endpoint.parse("server1", true).uri()).hasToString("http://server1:5985/wsman");
    }

    @Test
    void hostAndPort() {
        Endpoint e = Endpoint.parse("10.0.0.5:15986", false);
        assertThat(e.host()).isEqualTo("10.0.0.5");
        assertThat(e.port()).isEqualTo(15986);
        assertThat(e.https()).isTrue();
    }

    @Test
    void ipv6InBrackets() {
        Endpoint e = Endpoint.parse("[::1]:5986", false);
        assertThat(e.host()).isEqualTo("::1");
        assertThat(e.uri()).hasToString("https://[::1]:5986/wsman");
    }

    @Test
    void fullUrlKeepsSchemePortAndPath() {
        Endpoint e = Endpoint.parse("http://h.example:8080/custom", false);
        assertThat(e.https()).isFalse();
        assertThat(e.port()).isEqualTo(8080);
        assertThat(e.path()).isEqualTo("/custom");
        assertThat(Endpoint.parse("https://h.example/wsman", false).port()).isEqualTo(5986);
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThatThrownBy(() -> Endpoint.parse("", false)).hasMessageContaining("empty");
        assertThatThrownBy(() -> Endpoint.parse("ftp://h/", false)).hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> Endpoint.parse("h:notaport", false)).hasMessageContaining("invalid port");
        assertThatThrownBy(() -> Endpoint.parse("h:70000", false)).hasMessageContaining("out of range");
    }
}
