package io.openwinrm.server.command;

import io.openwinrm.server.identity.OsIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to start: the complete argument vector, the working directory and the complete environment (nothing is
 * inherited from the server's own environment), as whom, and in which sandbox.
 *
 * @param argv            program followed by its arguments; non-empty, {@code argv.get(0)} is looked up on
 *                        {@code PATH} of {@code env} unless it contains a {@code /}
 * @param cwd             absolute working directory of the new process
 * @param env             the whole environment of the new process
 * @param identity        the account to run as (uid, gid, all groups); empty for the server's own account
 * @param sandbox         the shell's sandbox the process must start inside ({@link Sandbox#NONE} for none)
 * @param noNewPrivileges set PR_SET_NO_NEW_PRIVS, so that set-user-id programs cannot raise privileges (restricted
 *                        endpoints)
 */
public record LaunchSpec(List<String> argv, Path cwd, Map<String, String> env, Optional<OsIdentity> identity,
                         Sandbox sandbox, boolean noNewPrivileges) {

    public LaunchSpec {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        Objects.requireNonNull(cwd, "cwd");
        env = Map.copyOf(env);
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(sandbox, "sandbox");
    }

    /** As the server's own account, no sandbox. */
    public LaunchSpec(List<String> argv, Path cwd, Map<String, String> env) {
        this(argv, cwd, env, Optional.empty(), Sandbox.NONE, false);
    }

    public LaunchSpec withArgv(List<String> value) {
        return new LaunchSpec(value, cwd, env, identity, sandbox, noNewPrivileges);
    }

    public LaunchSpec withEnv(Map<String, String> value) {
        return new LaunchSpec(argv, cwd, value, identity, sandbox, noNewPrivileges);
    }
}
