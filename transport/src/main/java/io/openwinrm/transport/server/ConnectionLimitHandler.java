package io.openwinrm.transport.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection at once, before TLS and before a byte is read, when the server already holds
 * {@link TransportLimits#maxConnections()} connections or the client {@link
 * TransportLimits#maxConnectionsPerAddress()}; an admitted connection is counted until it closes. No reply is
 * written (it would need a TLS handshake and a read first, which is what the limit exists to avoid); refusals are
 * logged at most once a minute. Shared by all connections of a server.
 */
@ChannelHandler.Sharable
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitHandler.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ConnectionLimiter limiter;
    private final TransportLimits limits;
    private final LongSupplier nanoClock;
    private final AtomicLong lastLogged = new AtomicLong();
    private final AtomicLong refusedSinceLog = new AtomicLong();

    ConnectionLimitHandler(ConnectionLimiter limiter, TransportLimits limits, LongSupplier nanoClock) {
        this.limiter = limiter;
        this.limits = limits;
        this.nanoClock = nanoClock;
        lastLogged.set(nanoClock.getAsLong() - LOG_INTERVAL_NANOS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote) || remote.getAddress() == null) {
            super.channelActive(ctx);
            return;
        }
        InetAddress address = remote.getAddress();
        ConnectionLimiter.Refusal refusal = limiter.tryAcquire(address);
        if (refusal == null) {
            ctx.channel().closeFuture().addListener((ChannelFutureListener) f -> limiter.release(address));
            super.channelActive(ctx);
            return;
        }
        ctx.close();
        long refused = refusedSinceLog.incrementAndGet();
        long now = nanoClock.getAsLong();
        long last = lastLogged.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
            refusedSinceLog.addAndGet(-refused);
            LOG.warn("Refused {} connection(s) in the last minute, latest from {}: {}", refused,
                    address.getHostAddress(), refusal == ConnectionLimiter.Refusal.TOTAL
                            ? "the server holds " + limits.maxConnections() + " connections (service.max_connections)"
                            : "the client holds " + limits.maxConnectionsPerAddress()
                                    + " connections (service.max_connections_per_address)");
        }
    }
}
