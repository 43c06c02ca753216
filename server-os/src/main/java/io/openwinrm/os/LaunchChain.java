package io.openwinrm.os;

import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.identity.OsIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The argument vector, environment and directory that start a command: a chain of small programs, each changing one
 * property of the process and exec'ing the next in place, so that the pid never changes and
 * {@code pid == pgid == sid} holds for the program.
 *
 * <p>Run by a <em>privileged</em> server (root, or one holding CAP_SETUID/CAP_SETGID/CAP_KILL), the links before
 * the switch to the account run with the server's privileges, so nothing of the client may reach them (issue 9,
 * finding 1: a Create {@code LD_PRELOAD} ran as uid 0 in every root link). The chain therefore starts in {@code /}
 * with a fixed environment of our own ({@link #CHAIN_ENVIRONMENT}), and the spec's environment and working directory
 * are applied only by the last link, coreutils env(1), which runs as the account after setpriv(1) switched to it
 * (with the sandbox's own variables, {@link Sandbox#environment()}, over the client's):
 *
 * <pre>
 * setsid [sandbox join] [setpriv --reuid U --regid G --groups ... [--no-new-privs] --]
 *        env -i [--default-signal=INT,QUIT] -C DIR NAME=VALUE... -- program args
 * </pre>
 *
 * The sandbox join (control groups, then {@code nsenter} into the shell's private mount namespace) runs as root and
 * must come before the switch ({@link LinuxSandbox#joinCommand()}). Entering the working directory as the last link
 * also means it is entered inside that namespace and with the account's own permissions (finding 12: nsenter resets
 * the directory, so a directory entered before it was lost). {@code --default-signal} appears only when the server
 * itself runs with SIGINT or SIGQUIT ignored ({@link IgnoredSignals}), so that {@code ctrl_c} reaches its commands.
 * A program whose path contains {@code =} (which env would take for an assignment) is started through
 * {@code /bin/sh -c 'exec "$0" "$@"'}.
 *
 * <p>Where nothing switches accounts — an unprivileged server, or a command that runs as the server's own account
 * (root's own commands) — no link crosses a privilege boundary, and the chain is just {@code setsid program args}
 * with the spec's environment and directory (plus the env link when signals must be restored).
 */
final class LaunchChain {

    /** util-linux setpriv(1). */
    static final Path DEFAULT_SETPRIV = Path.of("/usr/bin/setpriv");

    /** coreutils env(1): {@code -i}, {@code -C DIR} and {@code --default-signal}. */
    static final Path ENV = Path.of("/usr/bin/env");

    /** The whole environment of every link that runs before the switch to the account. */
    static final Map<String, String> CHAIN_ENVIRONMENT = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

    /** The working directory of the links before the switch: root's, never a client's. */
    static final Path CHAIN_DIRECTORY = Path.of("/");

    private static final String EXEC_PROGRAM = "exec \"$0\" \"$@\"";

    /** What to hand to {@link ProcessBuilder}. */
    record Command(List<String> argv, Map<String, String> environment, Path directory) {
        Command {
            argv = List.copyOf(argv);
            environment = Map.copyOf(environment);
        }

        ProcessBuilder processBuilder() {
            ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            return builder;
        }
    }

    private final Path setsid;
    private final Path setpriv;
    private final List<String> restoreSignals;
    private final boolean privileged;

    LaunchChain(Path setsid, Path setpriv, boolean privileged) {
        this(setsid, setpriv, IgnoredSignals.inThisProcess(), privileged);
    }

    /**
     * @param ignoredSignals the job-control signals ignored in this process (the children would inherit them); when
     *                       any, the env link restores them with {@code --default-signal}
     * @param privileged     whether this server can switch accounts (see the class documentation)
     */
    LaunchChain(Path setsid, Path setpriv, List<String> ignoredSignals, boolean privileged) {
        this.setsid = setsid;
        this.setpriv = setpriv;
        this.restoreSignals = List.copyOf(ignoredSignals);
        this.privileged = privileged;
    }

    boolean privileged() {
        return privileged;
    }

    /**
     * The account to switch to: the spec's identity unless it is the server's own effective uid.
     *
     * @throws IOException if the server cannot switch accounts
     */
    static Optional<OsIdentity> switchTo(LaunchSpec spec) throws IOException {
        Optional<OsIdentity> identity = spec.identity().filter(id -> id.uid() != LibC.INSTANCE.geteuid());
        if (identity.isPresent() && LibC.INSTANCE.geteuid() != 0 && !new PosixAccounts().canSwitchUsers()) {
            throw new IOException("cannot start processes as " + identity.get().name()
                    + ": the server has neither root nor CAP_SETUID, CAP_SETGID and CAP_KILL");
        }
        return identity;
    }

    /**
     * The command that runs {@code tail} (the program, already resolved, and its arguments) as {@code account} in
     * the spec's sandbox, directory and environment.
     *
     * @param extraEnvironment variables the launcher adds to the spec's (a terminal's TERM, COLUMNS, LINES)
     * @throws IOException if a link is missing or the sandbox is closed
     */
    Command command(LaunchSpec spec, Optional<OsIdentity> account, List<String> tail,
                    Map<String, String> extraEnvironment) throws IOException {
        List<String> argv = new ArrayList<>(tail.size() + spec.env().size() + 16);
        argv.add(setsid.toString());
        argv.addAll(sandboxJoin(spec.sandbox()));
        if (account.isPresent() || spec.noNewPrivileges()) {
            if (!Files.isExecutable(setpriv)) {
                throw new IOException(setpriv + " is not executable (util-linux setpriv is required to run commands"
                        + " as other accounts or without new privileges)");
            }
            argv.add(setpriv.toString());
            if (account.isPresent()) {
                OsIdentity id = account.get();
                argv.add("--reuid=" + id.uid());
                argv.add("--regid=" + id.gid());
                argv.add(id.groupIds().isEmpty() ? "--clear-groups" : "--groups="
                        + id.groupIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
            }
            if (spec.noNewPrivileges()) {
                argv.add("--no-new-privs");
            }
            argv.add("--");
        }
        Map<String, String> environment = new java.util.LinkedHashMap<>(spec.env());
        environment.putAll(extraEnvironment);
        environment.putAll(spec.sandbox().environment());
        if (!privileged || account.isEmpty()) {
            if (!restoreSignals.isEmpty()) {
                argv.addAll(List.of(ENV.toString(), "--default-signal=" + String.join(",", restoreSignals), "--"));
            }
            argv.addAll(tail);
            return new Command(argv, environment, spec.cwd());
        }
        argv.add(ENV.toString());
        argv.add("-i");
        if (!restoreSignals.isEmpty()) {
            argv.add("--default-signal=" + String.join(",", restoreSignals));
        }
        argv.add("--chdir=" + spec.cwd());
        argv.add("--");
        environment.forEach((name, value) -> argv.add(name + "=" + value));
        if (tail.get(0).indexOf('=') >= 0) {
            argv.addAll(List.of("/bin/sh", "-c", EXEC_PROGRAM));
        }
        argv.addAll(tail);
        return new Command(argv, CHAIN_ENVIRONMENT, CHAIN_DIRECTORY);
    }

    private static List<String> sandboxJoin(Sandbox sandbox) throws IOException {
        if (sandbox == Sandbox.NONE) {
            return List.of();
        }
        if (sandbox instanceof LinuxSandbox linux) {
            return linux.joinCommand();
        }
        throw new IOException("the sandbox " + sandbox + " was not created by LocalProcessLauncher");
    }
}
