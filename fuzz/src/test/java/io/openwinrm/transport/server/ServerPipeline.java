package io.openwinrm.transport.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * The fuzz module's one seam into the transport: the per-connection pipeline {@link WsmanHttpServer} installs on an
 * accepted channel, for an {@code EmbeddedChannel}. It is built from the same public configuration
 * ({@link WsmanHttpServer.Builder#buildConfig()}, {@link ListenerConfig}) through the package-private
 * {@link WsmanChannelInitializer}, so whatever handlers the server gets, the fuzz target gets too; only this class
 * changes when the initializer's constructor does. Authentication steps run on the calling thread.
 */
public final class ServerPipeline {

    private ServerPipeline() {
    }

    /** The initializer of one listener's connections; the failure throttle of {@code config} applies per call. */
    public static ChannelInitializer<Channel> initializer(WsmanHttpServerConfig config, ListenerConfig listener) {
        AuthFailureThrottle throttle = new AuthFailureThrottle(config.throttle(), System::nanoTime);
        TransportLimits limits = config.limits();
        ConnectionLimitHandler connectionLimit = new ConnectionLimitHandler(
                new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress()), limits,
                System::nanoTime);
        RequestBodyBudget budget = new RequestBodyBudget(limits.maxBufferedBodyBytes(),
                limits.maxUnauthenticatedBytes());
        return new WsmanChannelInitializer(listener, config, throttle, Runnable::run, connectionLimit, budget);
    }
}
