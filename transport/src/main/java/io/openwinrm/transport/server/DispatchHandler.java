package io.openwinrm.transport.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands authenticated requests to the application's {@link WsmanRequestHandler} and writes its reply with a
 * {@code Content-Length}, wrapping the reply bytes without copying. A handler that throws or fails becomes a 500
 * with an empty body and one log line. Also the pipeline's last stop for exceptions.
 */
final class DispatchHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchHandler.class);

    private final ListenerConfig listener;
    private final WsmanRequestHandler handler;

    DispatchHandler(ListenerConfig listener, WsmanRequestHandler handler) {
        this.listener = listener;
        this.handler = handler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof AuthenticatedRequest authenticated)) {
            LOG.debug("Discarding unexpected message {}", msg.getClass().getName());
            ReferenceCountUtil.release(msg);
            return;
        }
        FullHttpRequest request = authenticated.request();
        Charset charset;
        byte[] body;
        String host;
        try {
            host = request.headers().get(HttpHeaderNames.HOST);
            charset = charsetOf(request);
            body = ByteBufUtil.getBytes(request.content());
        } finally {
            request.release();
        }
        if (charset == null) {
            ctx.writeAndFlush(HttpResponses.text(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported charset; use UTF-8 or UTF-16"));
            return;
        }
        ChannelConnectionInfo info = ChannelInfos.of(ctx.channel(), listener);
        WsmanHttpRequest wsman = new WsmanHttpRequest(body, charset, authenticated.user(), info.remoteAddress(),
                info.localAddress(), info.secure(), info.listenerName(), host);
        CompletionStage<WsmanReply> stage;
        try {
            stage = wsman.anonymous() ? handler.identifyAnonymously(wsman) : handler.handle(wsman);
            if (stage == null) {
                throw new NullPointerException("handler returned null");
            }
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((reply, error) -> {
            if (ctx.executor().inEventLoop()) {
                respond(ctx, reply, error, authenticated.wwwAuthenticate());
            } else {
                ctx.executor().execute(() -> respond(ctx, reply, error, authenticated.wwwAuthenticate()));
            }
        });
    }

    private void respond(ChannelHandlerContext ctx, WsmanReply reply, Throwable error, String wwwAuthenticate) {
        FullHttpResponse response;
        if (error != null || reply == null) {
            LOG.error("Request handler failed for {} on listener {}: {}", ctx.channel().remoteAddress(),
                    listener.name(), error == null ? "null reply" : error.toString());
            response = HttpResponses.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        } else {
            response = HttpResponses.soap(reply.status(), reply.body());
        }
        if (wwwAuthenticate != null) {
            response.headers().set(HttpResponses.WWW_AUTHENTICATE, wwwAuthenticate);
        }
        ctx.writeAndFlush(response);
    }

    /** UTF-8 unless the {@code Content-Type} names UTF-16 ([MS-WSMV] 2.2.1); {@code null} for anything else. */
    static Charset charsetOf(FullHttpRequest request) {
        CharSequence name = HttpUtil.getCharsetAsSequence(request);
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        String n = name.toString().trim().replace("\"", "").toUpperCase(Locale.ROOT);
        return switch (n) {
            case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
            case "UTF-16" -> StandardCharsets.UTF_16;
            case "UTF-16LE" -> StandardCharsets.UTF_16LE;
            case "UTF-16BE" -> StandardCharsets.UTF_16BE;
            default -> null;
        };
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Closing connection from {} after error: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
