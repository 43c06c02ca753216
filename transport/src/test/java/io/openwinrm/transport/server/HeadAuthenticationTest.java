package io.openwinrm.transport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import io.openwinrm.auth.basic.BasicAuthMechanismFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link AuthenticationHandler} and {@link BodyAggregator} on raw bytes: a request is judged from its head, only an
 * authenticated request's body is gathered, and every byte held is counted in the {@link RequestBodyBudget}.
 */
class HeadAuthenticationTest {

    private static final int MAX_REQUEST = 600_000;
    private static final String GOOD = "Basic " + Base64.getEncoder().encodeToString(
            "alice:pw".getBytes(StandardCharsets.UTF_8));
    private static final String BAD = "Basic " + Base64.getEncoder().encodeToString(
            "alice:guess".getBytes(StandardCharsets.UTF_8));

    /** The requests that reached dispatch, with their bodies. */
    private static final class Sink extends ChannelInboundHandlerAdapter {
        final List<String> bodies = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof AuthenticatedRequest r) {
                bodies.add(r.request().content().toString(StandardCharsets.UTF_8));
                ctx.writeAndFlush(HttpResponses.empty(HttpResponseStatus.OK));
            }
            ReferenceCountUtil.release(msg instanceof AuthenticatedRequest r ? r.request() : msg);
        }
    }

    private final ArrayDeque<Runnable> authSteps = new ArrayDeque<>();
    private final AtomicInteger passwordChecks = new AtomicInteger();
    private Sink sink;
    private RequestBodyBudget budget = new RequestBodyBudget(1024 * 1024, 64 * 1024);
    private EmbeddedChannel channel = newChannel();

    private EmbeddedChannel newChannel() {
        ListenerConfig listener = new ListenerConfig("http", new InetSocketAddress("127.0.0.1", 0), false, true);
        BasicAuthMechanismFactory basic = new BasicAuthMechanismFactory((user, password, c) -> {
            passwordChecks.incrementAndGet();
            return new String(password).equals("pw");
        });
        AuthFailureThrottle throttle = new AuthFailureThrottle(AuthThrottleSettings.disabled(), System::nanoTime);
        sink = new Sink();
        return new EmbeddedChannel(new RequestStartDecoder(new HttpDecoderConfig()), new HttpResponseEncoder(),
                new HttpExchangeSequencer(Duration.ofSeconds(60)), new RequestGateHandler(MAX_REQUEST),
                new AuthenticationHandler(listener, List.of(basic), throttle, authSteps::add, budget),
                new BodyAggregator(budget), sink);
    }

    private void send(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    private void runAuthSteps() {
        Runnable step;
        while ((step = authSteps.poll()) != null) {
            step.run();
        }
        channel.runPendingTasks();
    }

    private String written() {
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    private static String head(String authorization, int length) {
        return "POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml;charset=UTF-8\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + length + "\r\n\r\n";
    }

    @Test
    void withoutCredentialsThe401IsSentFromTheHeadAndTheBodyIsNeverHeld() {
        send(head(null, 512_000));
        assertThat(written()).as("answered before any body byte").startsWith("HTTP/1.1 401 ")
                .contains("WWW-Authenticate: Basic");
        for (int i = 0; i < 512; i++) {
            send("x".repeat(1000));
            assertThat(budget.total()).isZero();
        }
        assertThat(written()).isEmpty();
        assertThat(sink.bodies).isEmpty();
        send(head(GOOD, 4) + "<a/>");
        runAuthSteps();
        assertThat(written()).as("keep-alive after the discarded body").startsWith("HTTP/1.1 200 ");
        assertThat(sink.bodies).containsExactly("<a/>");
    }

    @Test
    void readingIsPausedWhileCredentialsAreCheckedAndWhatArrivedIsCounted() {
        send(head(GOOD, 10) + "0123");
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(budget.unauthenticated()).isEqualTo(4);
        send("456789");
        runAuthSteps();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(sink.bodies).containsExactly("0123456789");
        assertThat(budget.total()).as("given back when the request was freed").isZero();
        assertThat(budget.unauthenticated()).isZero();
    }

    @Test
    void wrongCredentialsDropWhatWasHeldAndDiscardTheRest() {
        send(head(BAD, 100_000) + "x".repeat(2000));
        runAuthSteps();
        assertThat(written()).startsWith("HTTP/1.1 401 ");
        assertThat(budget.unauthenticated()).isZero();
        send("x".repeat(98_000));
        assertThat(budget.total()).isZero();
        assertThat(sink.bodies).isEmpty();
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void anUnauthenticatedBudgetOverrunIsAnswered503AfterTheStep() {
        budget = new RequestBodyBudget(1024 * 1024, 4096);
        channel = newChannel();
        send(head(GOOD, 100_000) + "x".repeat(5000));
        assertThat(budget.unauthenticated()).isLessThanOrEqualTo(4096);
        runAuthSteps();
        assertThat(written()).startsWith("HTTP/1.1 503 ").contains("Retry-After: ").contains("Connection: close");
        assertThat(sink.bodies).isEmpty();
        assertThat(budget.unauthenticated()).isZero();
    }

    @Test
    void anAuthenticatedBodyThatDoesNotFitTheBudgetIsAnswered503BeforeItIsRead() {
        budget = new RequestBodyBudget(MAX_REQUEST, 4096);
        channel = newChannel();
        assertThat(budget.reserve(MAX_REQUEST - 1000, true)).isTrue();
        send(head(GOOD, 2000));
        runAuthSteps();
        assertThat(written()).startsWith("HTTP/1.1 503 ").contains("Retry-After: 2");
        send("y".repeat(2000));
        assertThat(sink.bodies).isEmpty();
        budget.release(MAX_REQUEST - 1000, true);
        send(head(GOOD, 3) + "abc");
        runAuthSteps();
        assertThat(sink.bodies).containsExactly("abc");
        assertThat(budget.total()).isZero();
    }

    @Test
    void aClosedConnectionGivesBackEverythingItHeld() {
        send(head(GOOD, 50_000) + "x".repeat(3000));
        assertThat(budget.unauthenticated()).isEqualTo(3000);
        channel.close();
        assertThat(budget.unauthenticated()).isZero();
        runAuthSteps();
        assertThat(budget.total()).isZero();
        assertThat(sink.bodies).isEmpty();
    }

    @Test
    void anAuthenticatedBodyInProgressIsCountedAndGivenBackOnClose() {
        send(head(GOOD, 50_000));
        runAuthSteps();
        send("x".repeat(1000));
        assertThat(budget.total()).isEqualTo(50_000);
        assertThat(budget.unauthenticated()).isZero();
        channel.close();
        assertThat(budget.total()).isZero();
    }

    @Test
    void anonymousIdentifyIsGatheredWithinItsSmallLimit() {
        String identify = "POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
                + "WSMANIDENTIFY: unauthenticated\r\nContent-Length: ";
        send(identify + "5\r\n\r\nhello");
        assertThat(sink.bodies).containsExactly("hello");
        send(identify + (BodyAggregator.MAX_ANONYMOUS_BODY + 1) + "\r\n\r\n");
        assertThat(written()).contains("HTTP/1.1 413 ");
        assertThat(budget.total()).isZero();
        assertThat(passwordChecks).hasValue(0);
    }
}
