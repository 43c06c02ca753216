package io.openwinrm.server.metrics;

/**
 * Told about every WS-Man request the dispatcher answered. Labels come from closed sets only (the action's short
 * name or {@code other}, {@code ok} or {@code fault}), never from client text, so that a client cannot grow the
 * number of series. Implementations must be thread-safe and fast (they run on the reply path).
 */
public interface RequestMetrics {

    /** Reports nothing. */
    RequestMetrics NONE = new RequestMetrics() {
    };

    /**
     * @param action   the action's short name ({@code Create}, {@code Receive}, ...; {@code Other} for anything else)
     * @param fault    whether the answer was a fault
     * @param nanos    from the decoded request to the encoded reply
     * @param received the request body's bytes (after decryption)
     * @param sent     the reply body's bytes (before encryption)
     */
    default void request(String action, boolean fault, long nanos, long received, long sent) {
    }
}
