package io.openwinrm.transport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 10: a chunked request is answered with the application's SOAP fault ([MS-WSMV] 3.1.4.1.31.8:
 * wsman:InternalError code 50) instead of a text/plain 400, still at the gate: before authentication, without its
 * body reaching anything behind the gate, and with the connection closed.
 */
class ChunkedRefusalTest {

    private static final byte[] FAULT = "<s:Envelope>code 50</s:Envelope>".getBytes(StandardCharsets.UTF_8);

    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicReference<String> hostSeen = new AtomicReference<>();

    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(),
            new HttpExchangeSequencer(Duration.ofSeconds(60)), new RequestGateHandler(8192, host -> {
                hostSeen.set(host);
                return WsmanReply.fault(FAULT);
            }), new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    passed.incrementAndGet();
                    ReferenceCountUtil.release(msg);
                }
            });

    private String send(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    @Test
    void chunkedRequestGetsTheSoapFaultBeforeAuthentication() {
        String response = send("POST /wsman HTTP/1.1\r\nHost: winhost:5985\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/soap+xml;charset=UTF-8\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 500 ")
                .containsIgnoringCase("Content-Type: application/soap+xml")
                .containsIgnoringCase("Connection: close")
                .endsWith("<s:Envelope>code 50</s:Envelope>");
        assertThat(hostSeen).hasValue("winhost:5985");
        assertThat(passed).as("neither the head nor the body passed the gate").hasValue(0);
    }

    @Test
    void withoutARefusalFromTheApplicationItIsStillA400() {
        EmbeddedChannel plain = new EmbeddedChannel(new HttpServerCodec(),
                new HttpExchangeSequencer(Duration.ofSeconds(60)), new RequestGateHandler(8192));
        plain.writeInbound(Unpooled.copiedBuffer("POST /wsman HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "\r\n0\r\n\r\n", StandardCharsets.ISO_8859_1));
        ByteBuf b = plain.readOutbound();
        assertThat(b.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 400 ");
        b.release();
    }
}
