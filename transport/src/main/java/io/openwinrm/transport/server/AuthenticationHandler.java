package io.openwinrm.transport.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.SecurityContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates each request from its head, before any of its body is read or kept (RFC 7235; [MS-WSMV] 2.2.9;
 * WinRM section 5 of {@code research/winrm-wire.md}). Only the {@code Authorization} and {@code WSMANIDENTIFY}
 * headers are read here; a request without valid credentials is answered 401 and never reaches the {@link
 * DispatchHandler}. Every scheme carries its credentials in the header, so a request's fate is known from its head:
 *
 * <ul>
 *   <li>authenticated (Basic, a client certificate, a connection already authenticated by NTLM/Negotiate, the
 *       final leg of a handshake) or anonymous Identify: the head goes on as an {@link AuthenticatedHead} and the
 *       body after it, to be gathered by the {@link BodyAggregator};</li>
 *   <li>refused, or a handshake leg answered with a challenge (NTLM NEGOTIATE, or the body-carrying first request
 *       pywinrm over HTTPS and Go send without credentials): the answer is written from the head and the body is
 *       discarded as it arrives, never gathered; the connection stays open.</li>
 * </ul>
 *
 * <p>Every mechanism step first takes a slot from the {@link AuthFailureThrottle} (it may wait for one, or be refused
 * while the address is blocked), and settles it with its outcome, so guesses sent in parallel are counted before they
 * are judged; a success for a blocked account is answered like a failure. Mechanism steps run on the auth executor,
 * never on the event loop, because password hashing is deliberately slow. Meanwhile the connection's reading is paused ({@link ReadPauses.Reason#AUTHENTICATING}); what had already
 * arrived of the body is held, counted against the unauthenticated part of the {@link RequestBodyBudget} (over it
 * the request is answered 503 once the step is done), and passed on or dropped with the outcome.
 *
 * <p>The mechanism is bound to the channel, so multi-leg schemes (NTLM) keep their state between legs, and a
 * connection-bound success authenticates the following requests of that connection and keeps its {@link
 * SecurityContext} for message encryption (except an empty POST without credentials on such a connection, which is
 * challenged: {@link #isSealingSetupProbe}). A request that carries {@code Authorization} on an authenticated
 * connection starts over: the previous connection-bound authentication and its context are dropped first (clients
 * re-authenticate after a 401; Go's NTLM negotiator runs the whole handshake for every request). One instance per
 * channel.
 *
 * <p>On a listener with {@link ListenerConfig#clientCertificates()}, the literal {@code https/mutual} authorization
 * is handled like a scheme ({@link CertificateAuthMechanismFactory}) that is never offered in a challenge.
 */
final class AuthenticationHandler extends ChannelInboundHandlerAdapter {

    static final String IDENTIFY_HEADER = "WSMANIDENTIFY";

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationHandler.class);

    /** What happens to the body of the request in flight. */
    private enum BodyMode {
        /** Passed on behind its {@link AuthenticatedHead}. */
        PASS,
        /** Dropped as it arrives: the request was answered from its head. */
        DISCARD,
        /** Kept (with reading paused) until the mechanism step decides. */
        HOLD
    }

    private final ListenerConfig listener;
    private final List<AuthMechanismFactory> factories;
    private final AuthFailureThrottle throttle;
    private final Executor authExecutor;
    private final RequestBodyBudget budget;

    private final AuthMechanismFactory certificateFactory;

    private ConnectionInfo connection;
    private ReadPauses pauses;
    private AuthMechanismFactory mechanismFactory;
    private AuthMechanism mechanism;
    private AuthenticatedUser connectionUser;
    private SecurityContext connectionContext;

    private BodyMode bodyMode = BodyMode.PASS;
    private boolean bodyComplete;
    private final ArrayDeque<HttpContent> held = new ArrayDeque<>();
    private final TransportEvents events;
    private long heldBytes;
    private boolean heldOverBudget;

    AuthenticationHandler(ListenerConfig listener, List<AuthMechanismFactory> factories, AuthFailureThrottle throttle,
                          Executor authExecutor, RequestBodyBudget budget) {
        this(listener, factories, throttle, authExecutor, budget, TransportEvents.NONE);
    }

    AuthenticationHandler(ListenerConfig listener, List<AuthMechanismFactory> factories, AuthFailureThrottle throttle,
                          Executor authExecutor, RequestBodyBudget budget, TransportEvents events) {
        this.events = events;
        this.listener = listener;
        this.certificateFactory = listener.clientCertificates().map(CertificateAuthMechanismFactory::new).orElse(null);
        List<AuthMechanismFactory> all = new ArrayList<>(factories);
        if (certificateFactory != null) {
            all.add(certificateFactory);
        }
        this.factories = List.copyOf(all);
        this.throttle = throttle;
        this.authExecutor = authExecutor;
        this.budget = budget;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        pauses = ReadPauses.of(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest full) {
            // a whole request in one message (not from the decoder, which emits heads and contents): split it
            onHead(ctx, new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers()));
            onContent(ctx, new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
        } else if (msg instanceof HttpRequest head) {
            onHead(ctx, head);
        } else if (msg instanceof HttpContent content) {
            onContent(ctx, content);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest head) {
        releaseHeld();
        bodyMode = BodyMode.PASS;
        bodyComplete = false;
        if (connection == null) {
            // the first decoded request implies a completed TLS handshake
            connection = ChannelInfos.withTls(ctx.channel(), listener);
        }
        String authorization = head.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null) {
            if (isAnonymousIdentify(head)) {
                ctx.fireChannelRead(new AuthenticatedHead(head, null, null, null, false));
            } else if (connectionUser != null && !isSealingSetupProbe(head)) {
                ctx.fireChannelRead(new AuthenticatedHead(head, connectionUser, null, connectionContext, true));
            } else {
                reject(ctx, head, challenge());
            }
            return;
        }
        dropConnectionAuthentication();
        int space = authorization.indexOf(' ');
        String scheme = (space < 0 ? authorization : authorization.substring(0, space)).trim();
        String token = space < 0 ? "" : authorization.substring(space + 1).trim();
        AuthMechanismFactory factory = find(scheme);
        if (factory == null) {
            LOG.debug("Unsupported authentication scheme '{}' from {}", scheme, connection.remoteAddress());
            reject(ctx, head, challenge());
            return;
        }
        if (!offered(factory)) {
            FullHttpResponse refusal = HttpResponses.text(HttpResponseStatus.UNAUTHORIZED,
                    factory.scheme() + " authentication over HTTP is refused: use HTTPS or allow unencrypted traffic");
            addChallenges(refusal);
            reject(ctx, head, refusal);
            return;
        }
        bodyMode = BodyMode.HOLD;
        pauses.pause(ReadPauses.Reason.AUTHENTICATING);
        CompletableFuture<AuthFailureThrottle.Admission> admission =
                throttle.begin(connection.remoteAddress().getAddress());
        if (admission.isDone()) {
            onAdmission(ctx, head, factory, token, admission.join());
        } else {
            admission.thenAccept(a -> ctx.executor().execute(() -> onAdmission(ctx, head, factory, token, a)));
        }
    }

    /** Runs the mechanism step once the throttle has given this attempt a slot. */
    private void onAdmission(ChannelHandlerContext ctx, HttpRequest head, AuthMechanismFactory factory, String token,
                             AuthFailureThrottle.Admission admission) {
        if (!(admission instanceof AuthFailureThrottle.Granted granted)) {
            pauses.resume(ReadPauses.Reason.AUTHENTICATING);
            if (admission == AuthFailureThrottle.Refused.BUSY) {
                LOG.warn("Too many authentication attempts waiting from {}; refusing", connection.remoteAddress());
                reject(ctx, head, busy());
            } else {
                LOG.debug("Refusing credentials from blocked address {}", connection.remoteAddress());
                events.authenticationBlocked(factory.scheme());
                reject(ctx, head, challenge());
            }
            return;
        }
        AuthFailureThrottle.Attempt attempt = granted.attempt();
        if (!ctx.channel().isActive()) {
            attempt.finished();
            releaseHeld();
            return;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            onStep(ctx, head, factory, attempt, new AuthStep.Failure("Authorization token is not valid base64"), null);
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
                    .whenComplete((step, error) -> ctx.executor().execute(
                            () -> onStep(ctx, head, factory, attempt, step, error)));
        } catch (RejectedExecutionException e) {
            LOG.warn("Authentication queue full; refusing request from {}", connection.remoteAddress());
            attempt.finished();
            pauses.resume(ReadPauses.Reason.AUTHENTICATING);
            reject(ctx, head, busy());
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (content instanceof LastHttpContent) {
            bodyComplete = true;
        }
        switch (bodyMode) {
            case PASS -> ctx.fireChannelRead(content);
            case DISCARD -> content.release();
            case HOLD -> {
                int n = content.content().readableBytes();
                if (heldOverBudget || !budget.reserve(n, false)) {
                    heldOverBudget = true;
                    content.release();
                } else {
                    held.add(content);
                    heldBytes += n;
                }
            }
        }
    }

    private void onStep(ChannelHandlerContext ctx, HttpRequest head, AuthMechanismFactory factory,
                        AuthFailureThrottle.Attempt attempt, AuthStep step, Throwable error) {
        pauses.resume(ReadPauses.Reason.AUTHENTICATING);
        // the attempt is settled whatever becomes of the connection: closing it must not spare a guess its count
        boolean admitted = true;
        if (step instanceof AuthStep.Failure failure) {
            resetMechanism();
            dropConnectionAuthentication();
            // key-value pairs named as in the audit log (JSON logs); text logs print them after the message
            LOG.atWarn().addKeyValue("user", failure.userName().orElse("?"))
                    .addKeyValue("client_ip", connection.remoteAddress().getAddress().getHostAddress())
                    .addKeyValue("listener", listener.name()).addKeyValue("reason", failure.reason())
                    .log("Authentication failed ({}) for user '{}'", factory.scheme(), failure.userName().orElse("?"));
            attempt.failed(failure.userName());
            events.authenticationFailed(factory.scheme());
        } else if (step instanceof AuthStep.Success success) {
            admitted = attempt.succeeded(success.user().name());
            if (admitted) {
                events.authenticated(factory.scheme());
            } else {
                events.authenticationBlocked(factory.scheme());
                resetMechanism();
                LOG.warn("Refusing valid credentials of '{}' from {} on listener {}: the address or account is "
                        + "blocked after repeated failures", success.user().name(), connection.remoteAddress(),
                        listener.name());
            }
        } else {
            attempt.finished();
        }
        if (!ctx.channel().isActive()) {
            releaseHeld();
            return;
        }
        if (error != null || step == null) {
            LOG.error("Authentication mechanism {} failed for {}", factory.scheme(), connection.remoteAddress(), error);
            resetMechanism();
            reject(ctx, head, HttpResponses.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
        } else if (heldOverBudget) {
            LOG.warn("Refusing request from {}: unauthenticated request bodies exceed their budget",
                    connection.remoteAddress());
            if (!(step instanceof AuthStep.Continue)) {
                resetMechanism();
            }
            reject(ctx, head, HttpResponses.closing(busy()));
        } else if (step instanceof AuthStep.Continue cont) {
            FullHttpResponse r = HttpResponses.empty(HttpResponseStatus.UNAUTHORIZED);
            r.headers().add(HttpResponses.WWW_AUTHENTICATE,
                    factory.scheme() + " " + Base64.getEncoder().encodeToString(cont.token()));
            reject(ctx, head, r);
        } else if (step instanceof AuthStep.Success success && admitted) {
            resetMechanism();
            SecurityContext context = null;
            if (factory.connectionBound()) {
                connectionUser = success.user();
                connectionContext = success.securityContext().orElse(null);
                context = connectionContext;
            }
            String reply = success.hasReplyToken()
                    ? factory.scheme() + " " + Base64.getEncoder().encodeToString(success.replyToken()) : null;
            bodyMode = BodyMode.PASS;
            ctx.fireChannelRead(new AuthenticatedHead(head, success.user(), reply, context, factory.connectionBound()));
            passHeld(ctx);
        } else {
            reject(ctx, head, challenge());
        }
    }

    /** Answers the request from its head; the rest of its body is dropped as it arrives. */
    private void reject(ChannelHandlerContext ctx, HttpRequest head, FullHttpResponse response) {
        releaseHeld();
        bodyMode = BodyMode.DISCARD;
        if (!bodyComplete && HttpUtil.is100ContinueExpected(head) && HttpUtil.getContentLength(head, 0L) > 0) {
            // the client may be waiting for 100 Continue and never send the body the decoder expects
            HttpResponses.closing(response);
        }
        ctx.writeAndFlush(response);
    }

    private void passHeld(ChannelHandlerContext ctx) {
        budget.release(heldBytes, false);
        heldBytes = 0;
        HttpContent c;
        while ((c = held.poll()) != null) {
            ctx.fireChannelRead(c);
        }
    }

    private void releaseHeld() {
        HttpContent c;
        while ((c = held.poll()) != null) {
            c.release();
        }
        budget.release(heldBytes, false);
        heldBytes = 0;
        heldOverBudget = false;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
    }

    private void dropConnectionAuthentication() {
        connectionUser = null;
        connectionContext = null;
    }

    private void resetMechanism() {
        mechanism = null;
        mechanismFactory = null;
    }

    /**
     * An empty POST without {@code Authorization} on a connection whose authentication can seal: a client about to
     * set up message encryption with a handshake of its own. Go masterzen/winrm's {@code NewEncryption("ntlm")}
     * sends one before every message, starts a fresh NTLM context and expects the 401 challenge; answering it as
     * authenticated would leave that context without keys (its next body arrives with an empty sealed part). Such
     * a request is challenged; requests with a body still ride on the connection's authentication.
     */
    private boolean isSealingSetupProbe(HttpRequest head) {
        return connectionContext != null && HttpUtil.getContentLength(head, -1L) == 0L
                && !HttpUtil.isTransferEncodingChunked(head);
    }

    private static boolean isAnonymousIdentify(HttpRequest request) {
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

    private static FullHttpResponse busy() {
        FullHttpResponse r = HttpResponses.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                "The server is busy checking credentials; retry later");
        r.headers().setInt(HttpResponses.RETRY_AFTER, BodyAggregator.RETRY_AFTER_SECONDS);
        return r;
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
}
