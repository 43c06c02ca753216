package io.openwinrm.server.endpoint;

import java.util.List;
import java.util.Optional;

/**
 * The endpoints currently registered. Implementations may change their answer at any time (files edited by
 * {@code openwinrm endpoint register}); each call sees one consistent set. Thread-safe.
 */
public interface EndpointRegistry {

    /** The endpoint selected by a request's ResourceURI (case-insensitive), if any. */
    Optional<Endpoint> find(String resourceUri);

    /** All registered endpoints, by name. */
    List<Endpoint> all();

    /**
     * The endpoint registered now under {@code name} (compared case-insensitively, as names are unique that way),
     * from the same consistent set as {@link #all()}; empty if no endpoint of that name is registered.
     */
    default Optional<Endpoint> named(String name) {
        return all().stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
    }

    /** A fixed registry. */
    static EndpointRegistry of(List<Endpoint> endpoints) {
        return new EndpointSet(endpoints);
    }

    /** The built-in endpoints: {@code cmd} (default) and {@code login}, administrators only. */
    static EndpointRegistry defaults() {
        return of(List.of(Endpoint.defaultShell(), Endpoint.defaultLogin()));
    }
}
