package io.openwinrm.transport.server;

import static io.openwinrm.transport.server.ServerFixture.PASSWORD;
import static io.openwinrm.transport.server.ServerFixture.USER;
import static io.openwinrm.transport.server.ServerFixture.basic;
import static io.openwinrm.transport.server.ServerFixture.plainConnection;
import static io.openwinrm.transport.server.ServerFixture.post;
import static io.openwinrm.transport.server.ServerFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.transport.client.HttpConnection;
import io.openwinrm.transport.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A fake connection-bound, two-leg scheme shaped like NTLM, proving the SPI and the handler fit it. */
class MultiLegMechanismTest {

    static final class TwoLegFactory implements AuthMechanismFactory {
        final AtomicInteger created = new AtomicInteger();

        @Override public String scheme() { return "Negotiate"; }
        @Override public boolean allowedOnInsecureChannel() { return true; }
        @Override public boolean connectionBound() { return true; }

        @Override
        public AuthMechanism create() {
            created.incrementAndGet();
            return new AuthMechanism() {
                private boolean challenged;

                @Override
                public AuthStep step(byte[] token, io.openwinrm.auth.spi.ConnectionInfo connection) {
                    String t = new String(token, StandardCharsets.US_ASCII);
                    if (!challenged && t.equals("hello")) {
                        challenged = true;
                        return new AuthStep.Continue("challenge".getBytes(StandardCharsets.US_ASCII));
                    }
                    if (challenged && t.equals("answer")) {
                        return new AuthStep.Success(new AuthenticatedUser("bob", "Negotiate"), Optional.empty(),
                                "done".getBytes(StandardCharsets.US_ASCII));
                    }
                    return new AuthStep.Failure("bad leg");
                }
            };
        }
    }

    private static String negotiate(String token) {
        return "Negotiate " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void twoLegHandshakeAuthenticatesTheConnectionNotJustTheRequest() throws Exception {
        TwoLegFactory factory = new TwoLegFactory();
        try (ServerFixture fx = new ServerFixture(b -> b.authMechanism(factory))) {
            try (HttpConnection c = plainConnection(fx.http)) {
                HttpResponse challenge = post(c, "<x/>");
                assertThat(challenge.headerValues("WWW-Authenticate")).as("Basic not offered on http")
                        .containsExactly("Negotiate");
                HttpResponse leg1 = post(c, "<x/>", "Authorization", negotiate("hello"));
                assertThat(leg1.status()).isEqualTo(401);
                assertThat(leg1.headerValues("WWW-Authenticate")).containsExactly(negotiate("challenge"));
                assertThat(fx.handler.handled).as("body of a continuation leg is not dispatched").hasValue(0);
                HttpResponse leg2 = post(c, "<first/>", "Authorization", negotiate("answer"));
                assertThat(leg2.status()).as("plaintext SOAP on HTTP is refused even on the final leg").isEqualTo(401);
                assertThat(text(post(c, "<second/>"))).as("connection is authenticated, but plaintext refused")
                        .startsWith("unencrypted messages are refused");
                assertThat(fx.handler.handled).hasValue(0);
            }
            try (HttpConnection c = plainConnection(fx.httpOpen)) {
                assertThat(post(c, "<x/>", "Authorization", negotiate("hello")).status()).isEqualTo(401);
                HttpResponse leg2 = post(c, "<first/>", "Authorization", negotiate("answer"));
                assertThat(leg2.status()).isEqualTo(200);
                assertThat(leg2.headerValues("WWW-Authenticate")).containsExactly(negotiate("done"));
                assertThat(text(post(c, "<second/>"))).as("connection stays authenticated").isEqualTo("echo:<second/>");
                assertThat(c.connectionsOpened()).isEqualTo(1);
            }
            assertThat(fx.handler.requests).extracting(r -> r.user().name()).containsExactly("bob", "bob");
            try (HttpConnection other = plainConnection(fx.http)) {
                assertThat(post(other, "<x/>").status()).as("another connection is not authenticated").isEqualTo(401);
                assertThat(post(other, "<x/>", "Authorization", negotiate("answer")).status()).isEqualTo(401);
            }
            assertThat(fx.handler.handled).hasValue(2);
        }
    }

    @Test
    void basicAuthenticatesOnlyTheRequestThatCarriesIt() throws Exception {
        try (ServerFixture fx = new ServerFixture()) {
            try (HttpConnection c = fx.tlsConnection()) {
                assertThat(post(c, "<x/>", "Authorization", basic(USER, PASSWORD)).status()).isEqualTo(200);
                assertThat(post(c, "<x/>").status()).isEqualTo(401);
            }
            assertThat(fx.handler.handled).hasValue(1);
        }
    }
}
