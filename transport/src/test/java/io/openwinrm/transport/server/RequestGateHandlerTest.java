package io.openwinrm.transport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The head checks of {@link RequestGateHandler} on raw bytes, as a browser or a WinRM client sends them. */
class RequestGateHandlerTest {

    private static final String FORM_BODY = "xml=%3Cs%3AEnvelope%2F%3E";

    /** What passed the gate: request heads and body bytes; each request is answered 200 when complete. */
    private static final class Sink extends ChannelInboundHandlerAdapter {
        final List<HttpRequest> heads = new ArrayList<>();
        int bodyBytes;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest r) {
                heads.add(r);
            }
            if (msg instanceof HttpContent c) {
                bodyBytes += c.content().readableBytes();
            }
            if (msg instanceof LastHttpContent) {
                ctx.writeAndFlush(HttpResponses.empty(HttpResponseStatus.OK));
            }
            ReferenceCountUtil.release(msg);
        }
    }

    private final Sink sink = new Sink();
    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new HttpExchangeSequencer(java.time.Duration.ofSeconds(60)),
            new RequestGateHandler(8192), sink);

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

    private static String post(String contentType, String body) {
        return "POST /wsman HTTP/1.1\r\nHost: victim:5986\r\nOrigin: https://evil.example\r\n"
                + "Authorization: Basic YWxpY2U6czNjcmV0\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", "application/xml", "text/xml",
            "application/soap+xmlx", "application/octet-stream"})
    void browserFormTypesGet415BeforeAuthenticationAndTheBodyIsNotPassedOn(String type) {
        String response = send(post(type, FORM_BODY));
        assertThat(response).startsWith("HTTP/1.1 415 ").contains("Unsupported Content-Type")
                .doesNotContainIgnoringCase("Access-Control-");
        assertThat(sink.heads).isEmpty();
        assertThat(sink.bodyBytes).isZero();
        assertThat(channel.isActive()).as("the body is drained, the connection kept").isTrue();
    }

    @Test
    void aBodyWithoutContentTypeGets415() {
        assertThat(send(post(null, FORM_BODY))).startsWith("HTTP/1.1 415 ");
        assertThat(sink.heads).isEmpty();
    }

    @Test
    void twoContentTypeHeadersGet415() {
        String request = "POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 4\r\n\r\n<a/>";
        assertThat(send(request)).startsWith("HTTP/1.1 415 ");
        assertThat(sink.heads).isEmpty();
    }

    @Test
    void soapAndSealedBodiesAndEmptyHandshakeLegsPass() {
        assertThat(send(post("application/soap+xml;charset=UTF-8", "<a/>"))).startsWith("HTTP/1.1 200 ");
        assertThat(send(post("Application/SOAP+XML; charset=\"utf-16\"", "<a/>"))).startsWith("HTTP/1.1 200 ");
        assertThat(send(post("multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\";"
                + "boundary=\"Encrypted Boundary\"", "sealed"))).startsWith("HTTP/1.1 200 ");
        assertThat(send(post("multipart/x-multi-encrypted;protocol=\"application/HTTP-CredSSP-session-encrypted\";"
                + "boundary=\"Encrypted Boundary\"", "sealed"))).startsWith("HTTP/1.1 200 ");
        assertThat(send(post(null, ""))).as("NTLM handshake leg without Content-Type").startsWith("HTTP/1.1 200 ");
        assertThat(sink.heads).hasSize(5);
    }

    @Test
    void corsPreflightGets405WithoutAnyAccessControlHeader() {
        String response = send("OPTIONS /wsman HTTP/1.1\r\nHost: victim:5986\r\nOrigin: https://evil.example\r\n"
                + "Access-Control-Request-Method: POST\r\n"
                + "Access-Control-Request-Headers: content-type, authorization\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 405 ").contains("Allow: POST")
                .doesNotContainIgnoringCase("Access-Control-");
        assertThat(sink.heads).isEmpty();
    }

    @Test
    void anUnsupportedExpectationGets417() {
        String request = "POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
                + "Expect: something-else\r\nContent-Length: 4\r\n\r\n<a/>";
        assertThat(send(request)).startsWith("HTTP/1.1 417 ").contains("Connection: close");
        assertThat(sink.heads).isEmpty();
    }
}
