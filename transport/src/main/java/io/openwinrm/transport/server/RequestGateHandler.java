package io.openwinrm.transport.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Function;

/**
 * Checks a request's head before any of its body is read or buffered, and before authentication: method POST (else
 * 405, CORS preflights included: no {@code Access-Control-*} header is ever sent), path {@code /wsman} (else 404;
 * [MS-WSMV] 2.2.4.35 URLPrefix), no chunked transfer coding (Windows refuses it, [MS-WSMV] 3.1.4.1.31.8; answered
 * with the application's SOAP fault, {@link WsmanRequestHandler#refuseChunked}, or 400), {@code Content-Length} within the limit (else 413, as Windows does for a request over MaxEnvelopeSizekb,
 * [MS-WSMV] 3.1.4.1.20), a {@code Content-Type} of {@link RequestContentType} (else 415, the cross-site request
 * forgery defence) and no expectation but {@code 100-continue} (else 417, RFC 9110 10.1.1).
 *
 * <p>A rejected request's body is discarded. After a 415, or a 413 whose body is of reasonable size ({@link
 * #DRAIN_FACTOR} times the limit), the body is read and dropped and the connection stays open, so a client that
 * writes the whole request before reading (most do) sees the answer rather than a TCP reset; every other rejection,
 * and any rejection of a request that waits for {@code 100 Continue} before sending its body, closes the connection.
 */
final class RequestGateHandler extends ChannelInboundHandlerAdapter {

    static final String PATH = "/wsman";

    /** Bodies up to this many times the limit are drained after a 413 instead of cutting the connection. */
    static final long DRAIN_FACTOR = 16;

    private final long maxRequestBytes;
    private final Function<String, WsmanReply> chunkedRefusal;
    private boolean discarding;

    RequestGateHandler(long maxRequestBytes) {
        this(maxRequestBytes, host -> null);
    }

    /** @param chunkedRefusal the SOAP answer to a chunked request given its Host header, or null for a 400 */
    RequestGateHandler(long maxRequestBytes, Function<String, WsmanReply> chunkedRefusal) {
        this.maxRequestBytes = maxRequestBytes;
        this.chunkedRefusal = chunkedRefusal;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            FullHttpResponse rejection = check(request);
            discarding = rejection != null;
            if (discarding) {
                boolean drain = keepsConnection(request, rejection.status());
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(drain ? rejection : HttpResponses.closing(rejection));
                if (request instanceof LastHttpContent) {
                    discarding = false;
                }
                return;
            }
        } else if (msg instanceof HttpContent && discarding) {
            if (msg instanceof LastHttpContent) {
                discarding = false;
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private boolean keepsConnection(HttpRequest request, HttpResponseStatus status) {
        if (!request.decoderResult().isSuccess() || HttpUtil.is100ContinueExpected(request)) {
            return false;
        }
        if (status.equals(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE)) {
            return true;
        }
        return status.equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)
                && HttpUtil.getContentLength(request, Long.MAX_VALUE) <= maxRequestBytes * DRAIN_FACTOR;
    }

    private FullHttpResponse check(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (!result.isSuccess()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpHeaderException) {
                return HttpResponses.text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request headers too large");
            }
            if (cause instanceof TooLongHttpLineException || cause instanceof TooLongFrameException) {
                return HttpResponses.text(HttpResponseStatus.REQUEST_URI_TOO_LONG, "Request line too long");
            }
            return HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request");
        }
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse r = HttpResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Only POST is supported");
            r.headers().set(HttpResponses.ALLOW, HttpMethod.POST.name());
            return r;
        }
        if (!isWsmanPath(request.uri())) {
            return HttpResponses.text(HttpResponseStatus.NOT_FOUND, "Not found; the endpoint is " + PATH);
        }
        if (HttpUtil.isTransferEncodingChunked(request)) {
            WsmanReply fault = chunkedRefusal.apply(request.headers().get(HttpHeaderNames.HOST));
            return fault != null ? HttpResponses.soap(fault.status(), fault.body())
                    : HttpResponses.text(HttpResponseStatus.BAD_REQUEST,
                            "Chunked transfer encoding is not supported; send Content-Length");
        }
        long length = HttpUtil.getContentLength(request, 0L);
        if (length > maxRequestBytes) {
            return HttpResponses.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "Request body of " + length + " bytes exceeds the limit of " + maxRequestBytes + " bytes");
        }
        if (!RequestContentType.acceptable(request.headers(), length)) {
            return HttpResponses.text(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type; send "
                    + RequestContentType.SOAP + " (or multipart/encrypted for a sealed message)");
        }
        if (request.headers().contains(HttpHeaderNames.EXPECT) && !HttpUtil.is100ContinueExpected(request)) {
            return HttpResponses.text(HttpResponseStatus.EXPECTATION_FAILED, "Only Expect: 100-continue is supported");
        }
        return null;
    }

    /** {@code /wsman}, case-insensitive like HTTP.sys URL prefixes, with an optional query (PowerShell adds one). */
    static boolean isWsmanPath(String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        return path.equalsIgnoreCase(PATH) || path.equalsIgnoreCase(PATH + "/");
    }
}
