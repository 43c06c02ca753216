package io.openwinrm.transport.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's HTTP/1.1 request decoder that also tells the pipeline when a request begins: it fires {@link
 * RequestStartedEvent} on the first byte of a request (the bytes of a pipelined request that follow the end of the
 * previous one in the same read count), before that request's head is decoded. Only the decoder knows this: a
 * request's head is emitted once complete, so a handler behind it cannot see a slow head being sent. Blank lines
 * between requests (RFC 9112 2.2 lets a server ignore them) start nothing.
 */
final class RequestStartDecoder extends HttpRequestDecoder {

    private boolean inRequest;

    RequestStartDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (!inRequest) {
            while (buffer.isReadable() && isBlank(buffer.getByte(buffer.readerIndex()))) {
                buffer.skipBytes(1);
            }
            if (!buffer.isReadable()) {
                return;
            }
            inRequest = true;
            ctx.fireUserEventTriggered(RequestStartedEvent.INSTANCE);
        }
        int before = out.size();
        super.decode(ctx, buffer, out);
        for (int i = before; i < out.size(); i++) {
            if (out.get(i) instanceof LastHttpContent) {
                inRequest = false;
            }
        }
    }

    private static boolean isBlank(byte b) {
        return b == '\r' || b == '\n';
    }
}
