package io.openwinrm.transport.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one HTTP exchange at a time per connection (RFC 9112 section 9.3.2: responses in request order): a
 * pipelined request is held back, with reading paused, until the previous response has been written. It also owns
 * the connection's end: keep-alive per RFC 9112 section 9.3, {@code Connection: close} when the response or the
 * request asks for it, closing idle connections that have no exchange in flight, and the {@code Server} header.
 *
 * <p>Request read timeout (HTTP.sys {@code HeaderWait}/{@code EntityBody}): a request whose head and body have not
 * fully arrived {@code requestReadTimeout} after its first byte ({@link RequestStartedEvent}) ends its connection,
 * however slowly bytes keep trickling in: with {@code 408 Request Timeout} when that request is the one awaiting a
 * response, else (its answer already written, e.g. a 401 sent from the head while the body is discarded, or it is
 * held behind another exchange) by closing. So no connection stays in a partial exchange for longer than that.
 *
 * <p>A closing connection first half-closes its output and discards input for a moment, so that a client still
 * sending a rejected body (413) reads the response instead of a TCP reset.
 */
final class HttpExchangeSequencer extends ChannelDuplexHandler {

    static final long CLOSE_LINGER_MILLIS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(HttpExchangeSequencer.class);

    private final long requestReadTimeoutNanos;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private ReadPauses pauses;
    private boolean inExchange;
    private boolean keepAlive;
    private boolean http10;
    private boolean closing;
    private ScheduledFuture<?> readDeadline;
    private boolean timedHeadSeen;

    HttpExchangeSequencer(Duration requestReadTimeout) {
        this.requestReadTimeoutNanos = requestReadTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        pauses = ReadPauses.of(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HttpObject)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof HttpRequest) {
            timedHeadSeen = true;
        }
        if (msg instanceof LastHttpContent) {
            cancelReadDeadline();
        }
        if (!pending.isEmpty() || (inExchange && msg instanceof HttpRequest)) {
            pending.add(msg);
            pauses.pause(ReadPauses.Reason.PIPELINED);
            return;
        }
        forward(ctx, msg);
    }

    private void forward(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            inExchange = true;
            keepAlive = HttpUtil.isKeepAlive(request);
            http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof HttpResponse response)
                || response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            ctx.write(msg, promise);
            return;
        }
        response.headers().set(HttpResponses.SERVER_HEADER, HttpResponses.SERVER);
        boolean close = closing || !keepAlive
                || response.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
        if (close) {
            response.headers().set(HttpResponses.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            response.headers().set(HttpResponses.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        inExchange = false;
        ctx.write(msg, promise);
        if (close) {
            startClosing(ctx);
            promise.addListener((ChannelFutureListener) f -> closeGracefully(ctx));
        } else {
            ctx.executor().execute(() -> drain(ctx));
        }
    }

    private void drain(ChannelHandlerContext ctx) {
        while (!pending.isEmpty() && !closing) {
            if (inExchange && pending.peek() instanceof HttpRequest) {
                return;
            }
            forward(ctx, pending.poll());
        }
        if (pending.isEmpty() && !closing) {
            pauses.resume(ReadPauses.Reason.PIPELINED);
        }
    }

    private void startClosing(ChannelHandlerContext ctx) {
        closing = true;
        cancelReadDeadline();
        releasePending();
        pauses.clear();
    }

    private static void closeGracefully(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (ctx.channel() instanceof DuplexChannel duplex && ctx.pipeline().get(SslHandler.class) == null) {
            duplex.shutdownOutput().addListener(f ->
                    ctx.executor().schedule(() -> ctx.close(), CLOSE_LINGER_MILLIS, TimeUnit.MILLISECONDS));
        } else {
            // TLS cannot half-close; keep reading (and discarding) for the same moment before closing
            ctx.executor().schedule(() -> ctx.close(), CLOSE_LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (!inExchange && pending.isEmpty()) {
                ctx.close();
            }
            return;
        }
        if (evt == RequestStartedEvent.INSTANCE) {
            if (readDeadline == null && !closing) {
                timedHeadSeen = false;
                readDeadline = ctx.executor().schedule(() -> onReadTimeout(ctx), requestReadTimeoutNanos,
                        TimeUnit.NANOSECONDS);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void onReadTimeout(ChannelHandlerContext ctx) {
        readDeadline = null;
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        // answer only if the late request is the one a response is owed to: its head not decoded and nothing in
        // flight, or its head forwarded and not yet answered
        boolean answer = pending.isEmpty() && timedHeadSeen == inExchange;
        LOG.debug("Request from {} not received within {} ms; closing the connection", ctx.channel().remoteAddress(),
                TimeUnit.NANOSECONDS.toMillis(requestReadTimeoutNanos));
        if (answer) {
            keepAlive = false;
            write(ctx, HttpResponses.closing(HttpResponses.text(HttpResponseStatus.REQUEST_TIMEOUT,
                    "The request did not arrive within " + Duration.ofNanos(requestReadTimeoutNanos).toMillis()
                            + " ms")), ctx.newPromise());
            ctx.flush();
        } else {
            startClosing(ctx);
            ctx.close();
        }
    }

    private void cancelReadDeadline() {
        if (readDeadline != null) {
            readDeadline.cancel(false);
            readDeadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelReadDeadline();
        releasePending();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelReadDeadline();
        releasePending();
    }

    private void releasePending() {
        Object o;
        while ((o = pending.poll()) != null) {
            ReferenceCountUtil.release(o);
        }
    }
}
