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
 * Guesses arriving at once on separate connections (EmbeddedChannels sharing one throttle and one auth executor
 * that runs only when told): no more mechanism steps start than failures are left, and the right password sent
 * among the last is refused.
 */
class ParallelGuessPipelineTest {

    private static final int LIMIT = 3;

    private final ArrayDeque<Runnable> authSteps = new ArrayDeque<>();
    private final AtomicInteger passwordChecks = new AtomicInteger();
    private final AuthFailureThrottle throttle = new AuthFailureThrottle(
            new AuthThrottleSettings(LIMIT, Duration.ofSeconds(60), Duration.ofSeconds(60)), System::nanoTime);
    private final RequestBodyBudget budget = new RequestBodyBudget(1 << 20, 1 << 16);
    private final AtomicInteger dispatched = new AtomicInteger();

    private EmbeddedChannel connection() {
        ListenerConfig listener = new ListenerConfig("http", new InetSocketAddress("127.0.0.1", 0), false, true);
        BasicAuthMechanismFactory basic = new BasicAuthMechanismFactory((user, password, c) -> {
            passwordChecks.incrementAndGet();
            return new String(password).equals("right");
        });
        return new EmbeddedChannel(new RequestStartDecoder(new HttpDecoderConfig()), new HttpResponseEncoder(),
                new HttpExchangeSequencer(Duration.ofSeconds(60)), new RequestGateHandler(8192),
                new AuthenticationHandler(listener, List.of(basic), throttle, authSteps::add, budget),
                new BodyAggregator(budget), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        dispatched.incrementAndGet();
                        ReferenceCountUtil.release(((AuthenticatedRequest) msg).request());
                        ctx.writeAndFlush(HttpResponses.empty(HttpResponseStatus.OK));
                    }
                });
    }

    private static void guess(EmbeddedChannel ch, String password) {
        String auth = Base64.getEncoder().encodeToString(("alice:" + password).getBytes(StandardCharsets.UTF_8));
        ch.writeInbound(Unpooled.copiedBuffer("POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
                + "Authorization: Basic " + auth + "\r\nContent-Length: 4\r\n\r\n<a/>", StandardCharsets.ISO_8859_1));
    }

    private static String status(EmbeddedChannel ch) {
        ch.runPendingTasks();
        ByteBuf b = ch.readOutbound();
        if (b == null) {
            return "none";
        }
        try {
            return b.toString(StandardCharsets.ISO_8859_1).substring(9, 12);
        } finally {
            b.release();
        }
    }

    @Test
    void onlyAsManyStepsStartAsFailuresAreLeftAndTheRightPasswordAmongTheLastIsRefused() {
        List<EmbeddedChannel> channels = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            EmbeddedChannel ch = connection();
            channels.add(ch);
            guess(ch, i == 11 ? "right" : "wrong" + i);
        }
        assertThat(authSteps).as("steps submitted while all 12 guesses are in flight").hasSize(LIMIT);
        channels.subList(LIMIT, 12).forEach(ch -> assertThat(ch.config().isAutoRead())
                .as("waiting connections do not read").isFalse());
        while (!authSteps.isEmpty()) {
            authSteps.poll().run();
            channels.forEach(EmbeddedChannel::runPendingTasks);
        }
        assertThat(passwordChecks).hasValue(LIMIT);
        for (EmbeddedChannel ch : channels) {
            assertThat(status(ch)).isEqualTo("401");
        }
        assertThat(dispatched).hasValue(0);
        assertThat(budget.unauthenticated()).isZero();
    }

    @Test
    void aLegitimateClientsParallelRequestsAllSucceed() {
        List<EmbeddedChannel> channels = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            EmbeddedChannel ch = connection();
            channels.add(ch);
            guess(ch, "right");
        }
        assertThat(authSteps).hasSize(LIMIT);
        while (!authSteps.isEmpty()) {
            authSteps.poll().run();
            channels.forEach(EmbeddedChannel::runPendingTasks);
        }
        for (EmbeddedChannel ch : channels) {
            assertThat(status(ch)).isEqualTo("200");
        }
        assertThat(dispatched).hasValue(12);
    }
}
