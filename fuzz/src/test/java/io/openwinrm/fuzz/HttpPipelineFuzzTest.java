package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import io.openwinrm.auth.basic.BasicAuthMechanismFactory;
import io.openwinrm.auth.negotiate.NegotiateMechanismFactory;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.transport.server.AuthThrottleSettings;
import io.openwinrm.transport.server.ListenerConfig;
import io.openwinrm.transport.server.ServerPipeline;
import io.openwinrm.transport.server.WsmanHttpRequest;
import io.openwinrm.transport.server.WsmanHttpServer;
import io.openwinrm.transport.server.WsmanHttpServerConfig;
import io.openwinrm.transport.server.WsmanReply;
import io.openwinrm.transport.server.WsmanRequestHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Raw bytes from a client into the server's per-connection pipeline as {@code WsmanHttpServer} builds it
 * ({@link ServerPipeline}: {@code HttpServerCodec} with the server's limits, sequencer, request gate, aggregator,
 * authentication, decryption, dispatch), on an {@link EmbeddedChannel}, once for a plain-HTTP listener with the
 * secure defaults (Negotiate only, sealed bodies) and once for one with AllowUnencrypted (Basic too, plaintext).
 * Basic knows User/Password; Negotiate runs the [MS-NLMP] 4.2.4 acceptor, so the seeds' pipelined handshakes log on
 * and their sealed requests reach the application.
 *
 * <p>A finding is: an exception that reaches the end of the pipeline or escapes the channel, an authentication step
 * that throws or returns null, a response that is not well-formed HTTP or is a 500, the application reached without
 * an authenticated user (or an Identify that is not anonymous), or a hang.
 */
class HttpPipelineFuzzTest {

    private static final byte[] REPLY = ("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\">"
            + "<s:Header/><s:Body/></s:Envelope>").getBytes(StandardCharsets.UTF_8);
    private static final ListenerConfig SEALED =
            new ListenerConfig("http", new InetSocketAddress("127.0.0.1", 5985), false, false);
    private static final ListenerConfig UNENCRYPTED =
            new ListenerConfig("http-unencrypted", new InetSocketAddress("127.0.0.1", 5986), false, true);

    private final List<Throwable> problems = new ArrayList<>();
    /** Requests the application handled as authenticated, over the life of this instance (for seed checks). */
    int authenticated;
    private final WsmanHttpServerConfig config = WsmanHttpServer.builder()
            .listener(SEALED)
            .listener(UNENCRYPTED)
            .authMechanism(new Checked(new BasicAuthMechanismFactory((user, password, connection) ->
                    user.equals(NtlmVectors.USER) && Arrays.equals(password, NtlmVectors.PASSWORD))))
            .authMechanism(new Checked(NegotiateMechanismFactory.negotiate(NtlmVectors.acceptorSettings())))
            .authMechanism(new Checked(NegotiateMechanismFactory.ntlm(NtlmVectors.acceptorSettings())))
            .handler(new Application())
            .authThrottle(AuthThrottleSettings.disabled())
            .buildConfig();

    @DictionaryFile(resourcePath = "http.dict")
    @FuzzTest
    void serverPipeline(byte[] input) {
        problems.clear();
        exchange(SEALED, input);
        exchange(UNENCRYPTED, input);
        if (!problems.isEmpty()) {
            AssertionError e = new AssertionError("server pipeline: " + problems.get(0), problems.get(0));
            problems.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    private void exchange(ListenerConfig listener, byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(ServerPipeline.initializer(config, listener));
        // just before the last handler (dispatch, which closes on any exception without passing it on)
        channel.pipeline().addBefore(channel.pipeline().lastContext().name(), "fuzz-probe", new Probe());
        ByteBuf written = Unpooled.buffer();
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(input));
            channel.runPendingTasks();
            channel.finish();
            for (Object out; (out = channel.readOutbound()) != null; ) {
                if (out instanceof ByteBuf b) {
                    written.writeBytes(b);
                }
                ReferenceCountUtil.release(out);
            }
            checkResponses(written);
        } catch (RuntimeException e) {
            problems.add(e);
        } finally {
            written.release();
            channel.finishAndReleaseAll();
        }
    }

    /**
     * Everything the server wrote must parse as HTTP/1.1 responses, none of them a 500. The decoder cannot know which
     * request was a HEAD (whose response has no body), so a body cut short by the end of the output is not a finding.
     */
    private void checkResponses(ByteBuf written) {
        EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder());
        try {
            client.writeInbound(written.retainedDuplicate());
            client.finish();
            for (Object in; (in = client.readInbound()) != null; ) {
                try {
                    HttpObject message = (HttpObject) in;
                    Throwable cause = message.decoderResult().cause();
                    if (cause != null && !(cause instanceof PrematureChannelClosureException)) {
                        problems.add(new AssertionError("the server wrote malformed HTTP", cause));
                    }
                    if (message instanceof HttpResponse response
                            && response.status().equals(HttpResponseStatus.INTERNAL_SERVER_ERROR)) {
                        problems.add(new AssertionError("the server answered 500"));
                    }
                } finally {
                    ReferenceCountUtil.release(in);
                }
            }
        } finally {
            client.finishAndReleaseAll();
        }
    }

    /**
     * Records exceptions travelling down the pipeline, then passes them on. Netty's aggregator signals a client that
     * closed in the middle of a request with {@link PrematureChannelClosureException}: not a finding.
     */
    private final class Probe extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof PrematureChannelClosureException)) {
                problems.add(cause);
            }
            ctx.fireExceptionCaught(cause);
        }
    }

    /** The application: checks who the transport lets through. */
    private final class Application implements WsmanRequestHandler {
        @Override
        public CompletionStage<WsmanReply> handle(WsmanHttpRequest request) {
            if (request.user() == null || !request.user().name().equals(NtlmVectors.USER)) {
                problems.add(new AssertionError("the application was reached by " + request.user()));
            }
            authenticated++;
            return CompletableFuture.completedFuture(WsmanReply.ok(REPLY));
        }

        @Override
        public CompletionStage<WsmanReply> identifyAnonymously(WsmanHttpRequest request) {
            if (request.user() != null) {
                problems.add(new AssertionError("anonymous Identify with user " + request.user()));
            }
            return CompletableFuture.completedFuture(WsmanReply.ok(REPLY));
        }
    }

    /** A scheme whose steps must neither throw nor return null ({@link AuthMechanism#step}'s contract). */
    private final class Checked implements AuthMechanismFactory {
        private final AuthMechanismFactory delegate;

        Checked(AuthMechanismFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String scheme() {
            return delegate.scheme();
        }

        @Override
        public String challenge() {
            return delegate.challenge();
        }

        @Override
        public boolean allowedOnInsecureChannel() {
            return delegate.allowedOnInsecureChannel();
        }

        @Override
        public boolean connectionBound() {
            return delegate.connectionBound();
        }

        @Override
        public AuthMechanism create() {
            AuthMechanism mechanism = delegate.create();
            return (token, connection) -> {
                try {
                    AuthStep step = mechanism.step(token, connection);
                    if (step == null) {
                        problems.add(new AssertionError(scheme() + " step returned null"));
                    }
                    return step;
                } catch (RuntimeException | Error e) {
                    problems.add(e);
                    throw e;
                }
            };
        }
    }
}
