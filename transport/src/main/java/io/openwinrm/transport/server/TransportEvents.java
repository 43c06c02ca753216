package io.openwinrm.transport.server;

/**
 * Told about authentication outcomes, for monitoring (MINA's {@code SessionListener} style: default no-ops). The
 * scheme is one of the server's own configured scheme names, never client text. Implementations must be thread-safe
 * and fast: they run on the authentication path.
 */
public interface TransportEvents {

    /** Reports nothing. */
    TransportEvents NONE = new TransportEvents() {
    };

    /** A client authenticated with {@code scheme}. */
    default void authenticated(String scheme) {
    }

    /** Credentials presented with {@code scheme} were refused. */
    default void authenticationFailed(String scheme) {
    }

    /** An attempt was refused unjudged because its address or account is blocked after repeated failures. */
    default void authenticationBlocked(String scheme) {
    }
}
