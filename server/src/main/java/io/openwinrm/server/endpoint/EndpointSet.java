package io.openwinrm.server.endpoint;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An immutable set of endpoints indexed by resource URI. */
final class EndpointSet implements EndpointRegistry {

    private final List<Endpoint> endpoints;
    private final Map<String, Endpoint> byUri = new HashMap<>();

    EndpointSet(List<Endpoint> endpoints) {
        this.endpoints = endpoints.stream().sorted(Comparator.comparing(Endpoint::name)).toList();
        Map<String, Endpoint> names = new HashMap<>();
        for (Endpoint e : this.endpoints) {
            if (names.put(e.name().toLowerCase(Locale.ROOT), e) != null) {
                throw new IllegalArgumentException("two endpoints are named " + e.name());
            }
            for (String uri : e.resourceUris()) {
                Endpoint other = byUri.put(uri.toLowerCase(Locale.ROOT), e);
                if (other != null) {
                    throw new IllegalArgumentException("endpoints " + other.name() + " and " + e.name()
                            + " both claim " + uri);
                }
            }
        }
    }

    @Override
    public Optional<Endpoint> find(String resourceUri) {
        return resourceUri == null ? Optional.empty()
                : Optional.ofNullable(byUri.get(resourceUri.strip().toLowerCase(Locale.ROOT)));
    }

    @Override
    public List<Endpoint> all() {
        return endpoints;
    }
}
