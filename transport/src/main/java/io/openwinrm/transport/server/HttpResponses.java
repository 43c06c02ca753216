package io.openwinrm.transport.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Builders for the few response shapes the transport writes. All carry {@code Content-Length}; none is chunked. */
final class HttpResponses {

    static final String SOAP_CONTENT_TYPE = "application/soap+xml;charset=UTF-8";
    static final String SERVER = "OpenWinRM";

    // Header names in the conventional capitalisation (as HTTP.sys writes them); lookups stay case-insensitive.
    static final String CONTENT_LENGTH = "Content-Length";
    static final String CONTENT_TYPE = "Content-Type";
    static final String CONNECTION = "Connection";
    static final String SERVER_HEADER = "Server";
    static final String ALLOW = "Allow";
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    static final String RETRY_AFTER = "Retry-After";

    private HttpResponses() {
    }

    /** A SOAP reply; wraps {@code body} without copying. */
    static FullHttpResponse soap(int status, byte[] body) {
        FullHttpResponse r = of(HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        if (body.length > 0) {
            r.headers().set(CONTENT_TYPE, SOAP_CONTENT_TYPE);
        }
        return r;
    }

    static FullHttpResponse empty(HttpResponseStatus status) {
        return of(status, Unpooled.EMPTY_BUFFER);
    }

    /** A short human-readable reason, shown by command-line clients. */
    static FullHttpResponse text(HttpResponseStatus status, String reason) {
        FullHttpResponse r = of(status, Unpooled.wrappedBuffer((reason + "\n").getBytes(StandardCharsets.UTF_8)));
        r.headers().set(CONTENT_TYPE, "text/plain;charset=UTF-8");
        return r;
    }

    /** Marks the response as the last on its connection. */
    static FullHttpResponse closing(FullHttpResponse r) {
        r.headers().set(CONNECTION, HttpHeaderValues.CLOSE);
        return r;
    }

    private static FullHttpResponse of(HttpResponseStatus status, ByteBuf body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().setInt(CONTENT_LENGTH, body.readableBytes());
        return r;
    }
}
