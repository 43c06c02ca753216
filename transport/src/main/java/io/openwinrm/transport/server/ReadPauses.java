package io.openwinrm.transport.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.EnumSet;

/**
 * The reasons a connection's reading is paused, so that handlers pausing for different reasons do not resume each
 * other: reading ({@code autoRead}) is on exactly when no reason is set. Event loop only; one per channel.
 */
final class ReadPauses {

    /** Why reading is paused. */
    enum Reason {
        /** A pipelined request waits for the response to the one before it ({@link HttpExchangeSequencer}). */
        PIPELINED,
        /** The credentials of the request in flight are being checked ({@link AuthenticationHandler}). */
        AUTHENTICATING
    }

    private static final AttributeKey<ReadPauses> KEY = AttributeKey.valueOf(ReadPauses.class, "pauses");

    private final Channel channel;
    private final EnumSet<Reason> reasons = EnumSet.noneOf(Reason.class);

    private ReadPauses(Channel channel) {
        this.channel = channel;
    }

    static ReadPauses of(Channel channel) {
        ReadPauses p = channel.attr(KEY).get();
        if (p == null) {
            p = new ReadPauses(channel);
            channel.attr(KEY).set(p);
        }
        return p;
    }

    void pause(Reason reason) {
        reasons.add(reason);
        channel.config().setAutoRead(false);
    }

    void resume(Reason reason) {
        if (reasons.remove(reason) && reasons.isEmpty()) {
            channel.config().setAutoRead(true);
        }
    }

    /** Reading on regardless of the reasons (a closing connection discards what arrives). */
    void clear() {
        reasons.clear();
        channel.config().setAutoRead(true);
    }

    boolean paused(Reason reason) {
        return reasons.contains(reason);
    }
}
