package io.openwinrm.server.testing;

import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointRegistry;
import java.util.List;
import java.util.Optional;

/** A registry whose set of endpoints a test replaces, as a running server re-reads endpoint files. */
public final class MutableRegistry implements EndpointRegistry {

    private volatile EndpointRegistry current;

    public MutableRegistry(Endpoint... endpoints) {
        set(endpoints);
    }

    /** From now on exactly these endpoints are registered. */
    public void set(Endpoint... endpoints) {
        current = EndpointRegistry.of(List.of(endpoints));
    }

    @Override
    public Optional<Endpoint> find(String resourceUri) {
        return current.find(resourceUri);
    }

    @Override
    public List<Endpoint> all() {
        return current.all();
    }
}
