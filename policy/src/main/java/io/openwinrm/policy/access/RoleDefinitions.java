package io.openwinrm.policy.access;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JEA's {@code RoleDefinitions} of a session configuration: which role capabilities a user or group receives. A
 * caller matched by several entries gets the union of their roles (anchors.md §4.1).
 */
public record RoleDefinitions(Map<Principal, List<String>> roles) {

    public static final RoleDefinitions NONE = new RoleDefinitions(Map.of());

    public RoleDefinitions {
        Map<Principal, List<String>> copy = new LinkedHashMap<>();
        roles.forEach((p, r) -> copy.put(p, List.copyOf(r)));
        roles = java.util.Collections.unmodifiableMap(copy);
    }

    /** The names of every role {@code subject} receives, in definition order, without duplicates. */
    public Set<String> rolesFor(Subject subject) {
        Set<String> result = new LinkedHashSet<>();
        roles.forEach((p, r) -> {
            if (p.matches(subject)) {
                result.addAll(r);
            }
        });
        return result;
    }

    /** Every role name mentioned. */
    public Set<String> allRoles() {
        Set<String> result = new LinkedHashSet<>();
        roles.values().forEach(result::addAll);
        return result;
    }
}
