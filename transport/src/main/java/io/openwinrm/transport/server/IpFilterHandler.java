package io.openwinrm.transport.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of a listener's pipeline: closes a connection from an address the listener's {@link IpFilter} does
 * not allow as soon as the channel is registered, before TLS starts and before a byte is read, and without
 * propagating any event to the rest of the pipeline. Refusals are logged at most once a minute per address.
 * Shared by all connections of one listener.
 */
@ChannelHandler.Sharable
final class IpFilterHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(IpFilterHandler.class);
    static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_TRACKED = 4096;

    private final String listenerName;
    private final IpFilter filter;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Long> lastLogged = new ConcurrentHashMap<>();

    IpFilterHandler(String listenerName, IpFilter filter, LongSupplier nanoClock) {
        this.listenerName = Objects.requireNonNull(listenerName, "listenerName");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
        if (admit(ctx)) {
            super.channelRegistered(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // a channel registered before its remote address was known is judged here
        if (admit(ctx)) {
            super.channelActive(ctx);
        }
    }

    private boolean admit(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        if (remote == null) {
            return true; // not connected yet: channelActive decides
        }
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null
                && filter.allows(inet.getAddress())) {
            return true;
        }
        ctx.close();
        InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
        if (address != null && shouldLog(address)) {
            LOG.warn("Listener {}: refused connection from {} (not in {})", listenerName, address.getHostAddress(),
                    filter);
        }
        return false;
    }

    /** Whether a refusal of {@code address} is to be logged now: the first time, then once per minute. */
    boolean shouldLog(InetAddress address) {
        long now = nanoClock.getAsLong();
        if (lastLogged.size() >= MAX_TRACKED) {
            lastLogged.entrySet().removeIf(e -> now - e.getValue() >= LOG_INTERVAL_NANOS);
            if (lastLogged.size() >= MAX_TRACKED) {
                lastLogged.clear();
            }
        }
        boolean[] log = new boolean[1];
        lastLogged.compute(address, (a, last) -> {
            if (last == null || now - last >= LOG_INTERVAL_NANOS) {
                log[0] = true;
                return now;
            }
            return last;
        });
        return log[0];
    }
}
