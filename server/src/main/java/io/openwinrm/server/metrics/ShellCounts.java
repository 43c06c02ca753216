package io.openwinrm.server.metrics;

import java.util.Map;
import java.util.Objects;

/**
 * Open shells and their commands per endpoint name, at one moment.
 *
 * @param shells   open shells (connected or disconnected) by endpoint
 * @param commands commands not yet removed by endpoint
 */
public record ShellCounts(Map<String, Integer> shells, Map<String, Integer> commands) {

    public ShellCounts {
        shells = Map.copyOf(Objects.requireNonNull(shells, "shells"));
        commands = Map.copyOf(Objects.requireNonNull(commands, "commands"));
    }
}
