package io.openwinrm.transport.server;

import static io.openwinrm.transport.server.ServerFixture.PASSWORD;
import static io.openwinrm.transport.server.ServerFixture.USER;
import static io.openwinrm.transport.server.ServerFixture.basic;
import static io.openwinrm.transport.server.ServerFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.transport.client.HttpConnection;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthThrottleAndIdleTest {

    @Test
    void repeatedFailuresBlockTheAddressWithoutCheckingPasswords() throws Exception {
        try (ServerFixture fx = new ServerFixture(b -> b.authThrottle(
                new AuthThrottleSettings(3, Duration.ofSeconds(60), Duration.ofSeconds(60))))) {
            try (HttpConnection c = fx.tlsConnection()) {
                for (int i = 0; i < 3; i++) {
                    assertThat(post(c, "<x/>", "Authorization", basic(USER, "bad" + i)).status()).isEqualTo(401);
                }
                int checks = fx.passwordChecks.get();
                assertThat(checks).isEqualTo(3);
                assertThat(post(c, "<x/>", "Authorization", basic(USER, PASSWORD)).status()).isEqualTo(401);
                assertThat(fx.passwordChecks).hasValue(checks);
            }
            assertThat(fx.handler.handled).hasValue(0);
        }
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        try (ServerFixture fx = new ServerFixture(b -> b.idleTimeout(Duration.ofMillis(1000)))) {
            try (Socket s = new Socket("127.0.0.1", fx.httpOpen.getPort())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(("POST /wsman HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic(USER, PASSWORD)
                        + "\r\nContent-Type: application/soap+xml\r\nContent-Length: 2\r\n\r\nhi").getBytes(StandardCharsets.ISO_8859_1));
                long start = System.nanoTime();
                String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(all).startsWith("HTTP/1.1 200 ").contains("echo:hi");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            }
        }
    }

    @Test
    void closeIsIdempotentAndRefusesRestart() throws Exception {
        ServerFixture fx = new ServerFixture();
        fx.close();
        fx.close();
        try (Socket s = new Socket()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                    s.connect(new java.net.InetSocketAddress("127.0.0.1", fx.https.getPort()), 1000)))
                    .isInstanceOf(java.io.IOException.class);
        }
        assertThat(org.assertj.core.api.Assertions.catchThrowable(fx.server::start))
                .isInstanceOf(IllegalStateException.class);
    }
}
