package io.openwinrm.server.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to start: the complete argument vector, the working directory and the complete environment (nothing is
 * inherited from the server's own environment).
 *
 * @param argv program followed by its arguments; non-empty, {@code argv.get(0)} is looked up on {@code PATH} of
 *             {@code env} unless it contains a {@code /}
 * @param cwd  absolute working directory of the new process
 * @param env  the whole environment of the new process
 */
public record LaunchSpec(List<String> argv, Path cwd, Map<String, String> env) {

    public LaunchSpec {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        Objects.requireNonNull(cwd, "cwd");
        env = Map.copyOf(env);
    }
}
