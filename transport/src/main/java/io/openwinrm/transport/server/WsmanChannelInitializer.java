package io.openwinrm.transport.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Builds the per-connection pipeline described in the package documentation. */
final class WsmanChannelInitializer extends ChannelInitializer<Channel> {

    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_SIZE = 16 * 1024;

    private final ListenerConfig listener;
    private final WsmanHttpServerConfig config;
    private final SslContext ssl;
    private final AuthFailureThrottle throttle;
    private final Executor authExecutor;
    private final IpFilterHandler ipFilter;
    private final ConnectionLimitHandler connectionLimit;
    private final RequestBodyBudget budget;

    WsmanChannelInitializer(ListenerConfig listener, WsmanHttpServerConfig config, AuthFailureThrottle throttle,
                            Executor authExecutor, ConnectionLimitHandler connectionLimit, RequestBodyBudget budget) {
        this.listener = listener;
        this.config = config;
        this.ssl = listener.tls()
                ? listener.clientCertificates().map(ClientCertificateAuth::tls).orElseGet(() -> config.tls().orElseThrow())
                : null;
        this.throttle = throttle;
        this.authExecutor = authExecutor;
        this.ipFilter = listener.ipFilter().allowsAll() ? null
                : new IpFilterHandler(listener.name(), listener.ipFilter(), System::nanoTime);
        this.connectionLimit = connectionLimit;
        this.budget = budget;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (ipFilter != null) {
            p.addLast("ipfilter", ipFilter);
        }
        p.addLast("connection-limit", connectionLimit);
        if (ssl != null) {
            p.addLast("tls", ssl.newHandler(ch.alloc()));
        }
        p.addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("http-decoder", new RequestStartDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE)));
        p.addLast("http-encoder", new HttpResponseEncoder());
        p.addLast("sequencer", new HttpExchangeSequencer(config.limits().requestReadTimeout()));
        p.addLast("gate", new RequestGateHandler(config.maxRequestBytes(), config.handler()::refuseChunked));
        p.addLast("auth", new AuthenticationHandler(listener, config.authMechanisms(), throttle, authExecutor, budget,
                config.events()));
        p.addLast("body", new BodyAggregator(budget));
        p.addLast("encryption", new MessageEncryptionHandler(listener));
        p.addLast("dispatch", new DispatchHandler(listener, config.handler()));
    }
}
