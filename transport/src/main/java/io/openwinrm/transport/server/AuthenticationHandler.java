package io.openwinrm.transport.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.SecurityContext;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates each request before anything else looks at it (RFC 7235; [MS-WSMV] 2.2.9; WinRM section 5 of
 * {@code research/winrm-wire.md}). Only the {@code Authorization} and {@code WSMANIDENTIFY} headers are read here;
 * a request without valid credentials is answered 401 and never reaches the {@link DispatchHandler}.
 *
 * <p>The mechanism is bound to the channel, so multi-leg schemes (NTLM) keep their state between legs, and a
 * connection-bound success authenticates the following requests of that connection and keeps its {@link
 * SecurityContext} for message encryption. A request that carries {@code Authorization} on an authenticated
 * connection starts over: the previous connection-bound authentication and its context are dropped first (clients
 * re-authenticate after a 401; Go's NTLM negotiator runs the whole handshake for every request). Mechanism steps run
 * on the auth executor, never on the event loop, because password hashing is deliberately slow. One instance per
 * channel.
 *
 * <p>On a listener with {@link ListenerConfig#clientCertificates()}, the literal {@code https/mutual} authorization
 * is handled like a scheme ({@link CertificateAuthMechanismFactory}) that is never offered in a challenge.
 */
final class AuthenticationHandler extends ChannelInboundHandlerAdapter {

    static final String IDENTIFY_HEADER = "WSMANIDENTIFY";

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationHandler.class);

    private final ListenerConfig listener;
    private final List<AuthMechanismFactory> factories;
    private final AuthFailureThrottle throttle;
    private final Executor authExecutor;

    private final AuthMechanismFactory certificateFactory;

    private ConnectionInfo connection;
    private AuthMechanismFactory mechanismFactory;
    private AuthMechanism mechanism;
    private AuthenticatedUser connectionUser;
    private SecurityContext connectionContext;

    AuthenticationHandler(ListenerConfig listener, List<AuthMechanismFactory> factories, AuthFailureThrottle throttle,
                          Executor authExecutor) {
        this.listener = listener;
        this.certificateFactory = listener.clientCertificates().map(CertificateAuthMechanismFactory::new).orElse(null);
        List<AuthMechanismFactory> all = new ArrayList<>(factories);
        if (certificateFactory != null) {
            all.add(certificateFactory);
        }
        this.factories = List.copyOf(all);
        this.throttle = throttle;
        this.authExecutor = authExecutor;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (connection == null) {
            // the first decoded request implies a completed TLS handshake
            connection = ChannelInfos.withTls(ctx.channel(), listener);
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null) {
            if (isAnonymousIdentify(request)) {
                ctx.fireChannelRead(new AuthenticatedRequest(request, null, null));
            } else if (connectionUser != null) {
                ctx.fireChannelRead(new AuthenticatedRequest(request, connectionUser, null, connectionContext, true));
            } else {
                reject(ctx, request, challenge());
            }
            return;
        }
        dropConnectionAuthentication();
        InetAddress peer = connection.remoteAddress().getAddress();
        if (throttle.isBlocked(peer)) {
            reject(ctx, request, challenge());
            return;
        }
        int space = authorization.indexOf(' ');
        String scheme = (space < 0 ? authorization : authorization.substring(0, space)).trim();
        String token = space < 0 ? "" : authorization.substring(space + 1).trim();
        AuthMechanismFactory factory = find(scheme);
        if (factory == null) {
            LOG.debug("Unsupported authentication scheme '{}' from {}", scheme, connection.remoteAddress());
            reject(ctx, request, challenge());
            return;
        }
        if (!offered(factory)) {
            FullHttpResponse refusal = HttpResponses.text(HttpResponseStatus.UNAUTHORIZED,
                    factory.scheme() + " authentication over HTTP is refused: use HTTPS or allow unencrypted traffic");
            addChallenges(refusal);
            reject(ctx, request, refusal);
            return;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            onStep(ctx, request, factory, new AuthStep.Failure("Authorization token is not valid base64"), null);
            return;
        }
        if (mechanism == null || mechanismFactory != factory) {
            mechanismFactory = factory;
            mechanism = factory.create();
        }
        AuthMechanism current = mechanism;
        ConnectionInfo info = connection;
        try {
            CompletableFuture.supplyAsync(() -> current.step(decoded, info), authExecutor)
                    .whenComplete((step, error) -> ctx.executor().execute(() -> onStep(ctx, request, factory, step, error)));
        } catch (RejectedExecutionException e) {
            LOG.warn("Authentication queue full; refusing request from {}", connection.remoteAddress());
            reject(ctx, request, HttpResponses.empty(HttpResponseStatus.SERVICE_UNAVAILABLE));
        }
    }

    private void onStep(ChannelHandlerContext ctx, FullHttpRequest request, AuthMechanismFactory factory,
                        AuthStep step, Throwable error) {
        if (!ctx.channel().isActive()) {
            ReferenceCountUtil.release(request);
            return;
        }
        if (error != null || step == null) {
            LOG.error("Authentication mechanism {} failed for {}", factory.scheme(), connection.remoteAddress(), error);
            resetMechanism();
            reject(ctx, request, HttpResponses.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
            return;
        }
        if (step instanceof AuthStep.Continue cont) {
            FullHttpResponse r = HttpResponses.empty(HttpResponseStatus.UNAUTHORIZED);
            r.headers().add(HttpResponses.WWW_AUTHENTICATE,
                    factory.scheme() + " " + Base64.getEncoder().encodeToString(cont.token()));
            reject(ctx, request, r);
        } else if (step instanceof AuthStep.Success success) {
            resetMechanism();
            SecurityContext context = null;
            if (factory.connectionBound()) {
                connectionUser = success.user();
                connectionContext = success.securityContext().orElse(null);
                context = connectionContext;
            }
            String reply = success.hasReplyToken()
                    ? factory.scheme() + " " + Base64.getEncoder().encodeToString(success.replyToken()) : null;
            ctx.fireChannelRead(new AuthenticatedRequest(request, success.user(), reply, context,
                    factory.connectionBound()));
        } else if (step instanceof AuthStep.Failure failure) {
            resetMechanism();
            dropConnectionAuthentication();
            LOG.warn("Authentication failed ({}) for user '{}' from {} on listener {}: {}", factory.scheme(),
                    failure.userName().orElse("?"), connection.remoteAddress(), listener.name(), failure.reason());
            if (throttle.recordFailure(connection.remoteAddress().getAddress())) {
                LOG.warn("Too many authentication failures from {}; refusing it for a while",
                        connection.remoteAddress().getAddress());
            }
            reject(ctx, request, challenge());
        }
    }

    private void dropConnectionAuthentication() {
        connectionUser = null;
        connectionContext = null;
    }

    private void resetMechanism() {
        mechanism = null;
        mechanismFactory = null;
    }

    private static boolean isAnonymousIdentify(FullHttpRequest request) {
        String value = request.headers().get(IDENTIFY_HEADER);
        return value != null && value.trim().equalsIgnoreCase("unauthenticated");
    }

    private AuthMechanismFactory find(String scheme) {
        for (AuthMechanismFactory f : factories) {
            if (f.scheme().equalsIgnoreCase(scheme)) {
                return f;
            }
        }
        return null;
    }

    private boolean offered(AuthMechanismFactory factory) {
        return listener.permitsCleartextSecrets() || factory.allowedOnInsecureChannel();
    }

    /** 401 with an empty body and one {@code WWW-Authenticate} line per scheme offered on this listener. */
    private FullHttpResponse challenge() {
        FullHttpResponse r = HttpResponses.empty(HttpResponseStatus.UNAUTHORIZED);
        addChallenges(r);
        return r;
    }

    private void addChallenges(FullHttpResponse r) {
        for (AuthMechanismFactory f : factories) {
            if (offered(f) && f != certificateFactory) {
                String challenge = f.challenge();
                if (challenge != null) {
                    r.headers().add(HttpResponses.WWW_AUTHENTICATE, challenge);
                }
            }
        }
    }

    private static void reject(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        ReferenceCountUtil.release(request);
        ctx.writeAndFlush(response);
    }
}
