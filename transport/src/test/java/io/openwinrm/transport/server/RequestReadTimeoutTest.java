package io.openwinrm.transport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The request read timeout of {@link HttpExchangeSequencer} fed by {@link RequestStartDecoder}, on a virtual clock:
 * a request whose head and body do not arrive within the timeout ends its connection however bytes trickle in.
 */
class RequestReadTimeoutTest {

    private static final long TIMEOUT_S = 10;
    private static final String HEAD = "POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n";

    /** Answers 200 when a request is complete, or 401 from the head when {@code early}. */
    private static final class Responder extends ChannelInboundHandlerAdapter {
        boolean early;
        int completed;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest && early) {
                ctx.writeAndFlush(HttpResponses.empty(HttpResponseStatus.UNAUTHORIZED));
            }
            if (msg instanceof LastHttpContent) {
                completed++;
                if (!early) {
                    ctx.writeAndFlush(HttpResponses.empty(HttpResponseStatus.OK));
                }
            }
            ReferenceCountUtil.release(msg);
        }
    }

    private final Responder responder = new Responder();
    private final EmbeddedChannel channel = newChannel(responder);

    private static EmbeddedChannel newChannel(Responder responder) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(new RequestStartDecoder(new HttpDecoderConfig()), new HttpResponseEncoder(),
                new HttpExchangeSequencer(Duration.ofSeconds(TIMEOUT_S)), responder);
        return ch;
    }

    private void send(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    private void advance(long seconds) {
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
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

    /** Past the timeout plus the close linger: the connection must be gone. */
    private void assertClosedAfterTimeout() {
        advance(1 + TimeUnit.MILLISECONDS.toSeconds(HttpExchangeSequencer.CLOSE_LINGER_MILLIS));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aHeadSentByteByByteIsAnswered408AndClosed() {
        for (int i = 0; i < TIMEOUT_S; i++) {
            send(HEAD.substring(i, i + 1));
            advance(1);
        }
        assertThat(written()).startsWith("HTTP/1.1 408 ").contains("Connection: close");
        assertClosedAfterTimeout();
        assertThat(responder.completed).isZero();
    }

    @Test
    void aBodyThatTricklesInIsAnswered408AndClosed() {
        send(HEAD + "Content-Length: 512000\r\n\r\n");
        for (int i = 0; i < TIMEOUT_S - 1; i++) {
            send("x".repeat(1000));
            advance(1);
        }
        assertThat(channel.isOpen()).isTrue();
        advance(1);
        assertThat(written()).startsWith("HTTP/1.1 408 ");
        assertClosedAfterTimeout();
    }

    @Test
    void aRequestAlreadyAnsweredFromItsHeadIsClosedWithoutASecondResponse() {
        responder.early = true;
        send(HEAD + "Content-Length: 512000\r\n\r\nxxxx");
        assertThat(written()).startsWith("HTTP/1.1 401 ");
        advance(TIMEOUT_S);
        assertThat(written()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void theRestOfAPipelinedRequestIsTimedFromItsFirstByte() {
        // one segment: a complete request and the first bytes of the next, which never completes
        send(HEAD + "Content-Length: 4\r\n\r\n<a/>" + "POST /wsman HT");
        assertThat(written()).startsWith("HTTP/1.1 200 ");
        advance(TIMEOUT_S);
        assertThat(written()).startsWith("HTTP/1.1 408 ");
        assertClosedAfterTimeout();
    }

    @Test
    void completeRequestsAndIdleKeepAliveAreNotTimedOut() {
        send(HEAD + "Content-Length: 4\r\n\r\n<a/>");
        assertThat(written()).startsWith("HTTP/1.1 200 ");
        send("\r\n");
        advance(TIMEOUT_S * 3);
        assertThat(channel.isOpen()).isTrue();
        assertThat(written()).isEmpty();
        send(HEAD + "Content-Length: 4\r\n\r\n<a/>");
        assertThat(written()).startsWith("HTTP/1.1 200 ");
        assertThat(responder.completed).isEqualTo(2);
    }
}
