package io.openwinrm.interop;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides what a missing peer means: with {@code OPENWINRM_INTEROP_REQUIRED=1} in the environment (or
 * {@code -Dopenwinrm.interop.required=true}) the test fails naming the peer, as CI wants; otherwise it
 * is skipped with the same message.
 */
final class PeerRequirement {

    private PeerRequirement() {
    }

    static boolean required() {
        return "1".equals(System.getenv("OPENWINRM_INTEROP_REQUIRED"))
                || Boolean.getBoolean("openwinrm.interop.required");
    }

    /** The peer's location; fails or aborts the calling test when it is missing. */
    static Peer.Location.Found require(Peer peer) {
        Peer.Location location = peer.locate();
        if (location instanceof Peer.Location.Found found) {
            return found;
        }
        String message = "interop peer " + peer.displayName() + " is not installed: "
                + ((Peer.Location.Missing) location).reason() + " (bin/run-tests installs it)";
        if (required()) {
            return Assertions.fail(message + "; OPENWINRM_INTEROP_REQUIRED=1 makes this a failure");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
