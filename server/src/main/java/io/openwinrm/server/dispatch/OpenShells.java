package io.openwinrm.server.dispatch;

import io.openwinrm.server.endpoint.Endpoint;
import java.util.Optional;

/**
 * What the dispatcher needs to know about open shells before a handler runs: how to route a resource URI that no
 * endpoint claims any more, and which endpoint an addressed shell belongs to. Every question is asked for one owner
 * (the authenticated user); other owners' shells never change an answer. Thread-safe.
 */
public interface OpenShells {

    /** None: no shells (a dispatcher without shell handlers). */
    OpenShells NONE = new OpenShells() {
        @Override
        public boolean anyAnswers(String owner, String resourceUri) {
            return false;
        }

        @Override
        public Optional<Endpoint> endpointOf(String owner, String shellId) {
            return Optional.empty();
        }
    };

    /** Whether an open shell of {@code owner} was created on an endpoint that answers {@code resourceUri}. */
    boolean anyAnswers(String owner, String resourceUri);

    /**
     * The endpoint, as it was when the shell was created, of {@code owner}'s open shell {@code shellId} (any case);
     * empty when the owner has no such shell.
     */
    Optional<Endpoint> endpointOf(String owner, String shellId);
}
