package io.openwinrm.transport.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Gathers the body of an {@link AuthenticatedHead} into one buffer and passes the whole request on as an {@link
 * AuthenticatedRequest}; it takes the place of Netty's {@code HttpObjectAggregator} behind authentication, so that
 * only authenticated requests (and anonymous Identify, at most {@link #MAX_ANONYMOUS_BODY} bytes) are ever
 * gathered. Before any of the body is read, its whole {@code Content-Length} is reserved from the server's {@link
 * RequestBodyBudget} (anonymous Identify from the unauthenticated part too); a request that does not fit is answered
 * {@code 503} with {@code Retry-After} and its body discarded as it arrives. {@code 100 Continue} is sent only for a
 * request that is accepted (RFC 9110 10.1.1). The length is known and bounded: the gate refused chunked requests
 * and oversized ones. One instance per channel.
 */
final class BodyAggregator extends ChannelInboundHandlerAdapter {

    /** Largest body of an unauthenticated Identify; a real one is under 1 KiB. */
    static final int MAX_ANONYMOUS_BODY = 16 * 1024;
    static final int RETRY_AFTER_SECONDS = 2;

    private final RequestBodyBudget budget;
    private AuthenticatedHead current;
    private BudgetedBody body;
    private boolean discarding;

    BodyAggregator(RequestBodyBudget budget) {
        this.budget = budget;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof AuthenticatedHead head) {
            start(ctx, head);
        } else if (msg instanceof HttpContent content) {
            append(ctx, content);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void start(ChannelHandlerContext ctx, AuthenticatedHead head) {
        releaseBody();
        HttpRequest request = head.head();
        long length = HttpUtil.getContentLength(request, 0L);
        boolean authenticated = head.user() != null;
        FullHttpResponse refusal = null;
        if (!authenticated && length > MAX_ANONYMOUS_BODY) {
            refusal = HttpResponses.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "An unauthenticated request body may not exceed " + MAX_ANONYMOUS_BODY + " bytes");
        } else if (!budget.reserve(length, authenticated)) {
            refusal = HttpResponses.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "The server holds as many request bodies as it may; retry later");
            refusal.headers().setInt(HttpResponses.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (refusal != null) {
            discarding = true;
            ctx.writeAndFlush(HttpUtil.is100ContinueExpected(request) ? HttpResponses.closing(refusal) : refusal);
            return;
        }
        discarding = false;
        current = head;
        body = new BudgetedBody(budget, (int) length, authenticated);
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    private void append(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        try {
            if (discarding || body == null) {
                discarding &= !last;
                return;
            }
            int n = Math.min(content.content().readableBytes(), body.writableBytes());
            body.writeBytes(content.content(), content.content().readerIndex(), n);
        } finally {
            ReferenceCountUtil.release(content);
        }
        if (last) {
            HttpRequest head = current.head();
            DefaultFullHttpRequest full = new DefaultFullHttpRequest(head.protocolVersion(), head.method(),
                    head.uri(), body, head.headers(), ((LastHttpContent) content).trailingHeaders());
            AuthenticatedHead done = current;
            current = null;
            body = null;
            ctx.fireChannelRead(done.with(full));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBody();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBody();
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
        current = null;
    }
}
