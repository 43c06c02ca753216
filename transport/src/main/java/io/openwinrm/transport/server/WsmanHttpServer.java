package io.openwinrm.transport.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WS-Management HTTP(S) server: binds the configured listeners and runs each connection through the pipeline
 * of {@link WsmanChannelInitializer}. Uses epoll when available, else NIO. {@link #start()} once; {@link #close()}
 * is graceful and idempotent.
 */
public final class WsmanHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WsmanHttpServer.class);
    private static final int AUTH_QUEUE = 256;

    private enum State { NEW, STARTED, CLOSED }

    private final WsmanHttpServerConfig config;
    private final List<Channel> serverChannels = new ArrayList<>();
    private EventLoopGroup group;
    private ThreadPoolExecutor authExecutor;
    private State state = State.NEW;

    public WsmanHttpServer(WsmanHttpServerConfig config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    public WsmanHttpServerConfig config() {
        return config;
    }

    /**
     * Binds all listeners.
     *
     * @return the bound addresses, in listener order (with the actual port when 0 was configured)
     * @throws IOException if a listener cannot be bound; nothing stays bound then
     */
    public synchronized List<InetSocketAddress> start() throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("server already " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
        state = State.STARTED;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("openwinrm-io", true), io);
        authExecutor = new ThreadPoolExecutor(config.authThreads(), config.authThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(AUTH_QUEUE), new DefaultThreadFactory("openwinrm-auth", true));
        AuthFailureThrottle throttle = new AuthFailureThrottle(config.throttle(), System::nanoTime);
        TransportLimits limits = config.limits();
        ConnectionLimitHandler connectionLimit = new ConnectionLimitHandler(
                new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress()), limits,
                System::nanoTime);
        RequestBodyBudget budget = new RequestBodyBudget(limits.maxBufferedBodyBytes(),
                limits.maxUnauthenticatedBytes());
        List<InetSocketAddress> bound = new ArrayList<>();
        try {
            for (ListenerConfig listener : config.listeners()) {
                ServerBootstrap b = new ServerBootstrap()
                        .group(group)
                        .channel(channelClass)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .option(ChannelOption.SO_BACKLOG, 256)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.SO_KEEPALIVE, true)
                        .childHandler(new WsmanChannelInitializer(listener, config, throttle, authExecutor,
                                connectionLimit, budget));
                Channel ch = b.bind(listener.bind()).syncUninterruptibly().channel();
                serverChannels.add(ch);
                InetSocketAddress address = (InetSocketAddress) ch.localAddress();
                bound.add(address);
                LOG.info("Listener {} on {}://{}:{}/wsman ({}{})", listener.name(), listener.tls() ? "https" : "http",
                        address.getHostString(), address.getPort(), epoll ? "epoll" : "nio",
                        listener.tls() || !listener.allowUnencrypted() ? "" : ", unencrypted allowed");
            }
        } catch (RuntimeException e) {
            close();
            throw new IOException("cannot bind listener: " + e.getMessage(), e);
        }
        return List.copyOf(bound);
    }

    /** Stops accepting, closes connections and waits briefly for the event loops to finish. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        for (Channel ch : serverChannels) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        serverChannels.clear();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (authExecutor != null) {
            authExecutor.shutdownNow();
        }
    }

    /** Builder for {@link WsmanHttpServerConfig} and the server. */
    public static final class Builder {
        private final List<ListenerConfig> listeners = new ArrayList<>();
        private final List<AuthMechanismFactory> mechanisms = new ArrayList<>();
        private SslContext tls;
        private WsmanRequestHandler handler;
        private int maxRequestBytes = WsmanHttpServerConfig.DEFAULT_MAX_ENVELOPE_SIZE_KB * 1024;
        private Duration idleTimeout = WsmanHttpServerConfig.DEFAULT_IDLE_TIMEOUT;
        private AuthThrottleSettings throttle = AuthThrottleSettings.defaults();
        private TransportLimits limits = TransportLimits.defaults();
        private int ioThreads;
        private int authThreads = 2;
        private TransportEvents events = TransportEvents.NONE;

        private Builder() {
        }

        public Builder listener(ListenerConfig listener) {
            listeners.add(listener);
            return this;
        }

        public Builder tls(SslContext context) {
            this.tls = context;
            return this;
        }

        public Builder authMechanism(AuthMechanismFactory factory) {
            mechanisms.add(factory);
            return this;
        }

        public Builder handler(WsmanRequestHandler handler) {
            this.handler = handler;
            return this;
        }

        /** WinRM's MaxEnvelopeSizekb: the request body limit in KiB. */
        public Builder maxEnvelopeSizeKb(int kb) {
            this.maxRequestBytes = Math.multiplyExact(kb, 1024);
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        public Builder authThrottle(AuthThrottleSettings settings) {
            this.throttle = settings;
            return this;
        }

        public Builder limits(TransportLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder ioThreads(int threads) {
            this.ioThreads = threads;
            return this;
        }

        public Builder authThreads(int threads) {
            this.authThreads = threads;
            return this;
        }

        /** Told about authentication outcomes (default: nobody). */
        public Builder events(TransportEvents value) {
            this.events = java.util.Objects.requireNonNull(value, "events");
            return this;
        }

        public WsmanHttpServerConfig buildConfig() {
            return new WsmanHttpServerConfig(listeners, Optional.ofNullable(tls), mechanisms, handler,
                    maxRequestBytes, idleTimeout, throttle, limits, ioThreads, authThreads, events);
        }

        public WsmanHttpServer build() {
            return new WsmanHttpServer(buildConfig());
        }
    }
}
