package io.openwinrm.policy.access;

import java.util.Optional;

/**
 * The outcome of an access check: allowed or not, the entry that decided it (empty when nothing matched), and a
 * sentence for the audit log and the fault text.
 */
public record AccessDecision(boolean allowed, Optional<Principal> entry, String reason) {

    static AccessDecision allow(Principal entry) {
        return new AccessDecision(true, Optional.of(entry), "allowed by " + entry.text());
    }

    static AccessDecision deny(Principal entry) {
        return new AccessDecision(false, Optional.of(entry), "denied by " + entry.text());
    }

    static AccessDecision noMatch() {
        return new AccessDecision(false, Optional.empty(), "not in the endpoint's access list");
    }
}
