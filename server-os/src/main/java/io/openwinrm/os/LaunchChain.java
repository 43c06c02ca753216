package io.openwinrm.os;

import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.identity.OsIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The argument vector that starts a command: a chain of small programs, each changing one property of the process
 * and exec'ing the next in place, so that the pid never changes and {@code pid == pgid == sid} holds for the program:
 *
 * <pre>
 * setsid [env --default-signal=INT,QUIT --] [sandbox join]
 *        [setpriv --reuid U --regid G --groups ... [--no-new-privs] --] program args
 * </pre>
 *
 * The {@code env} link appears only when the server itself runs with SIGINT or SIGQUIT ignored
 * ({@link IgnoredSignals}), so that {@code ctrl_c} still reaches its commands.
 *
 * The sandbox join runs as root and moves the process into the shell's control group (and its private {@code /proc})
 * before anything can fork ({@link LinuxSandbox#joinCommand()}); setpriv(1) drops to the account. The working
 * directory is set by the server before the chain starts, after checking that the account may search every directory
 * on the way ({@link #checkEnterable}); the kernel still checks the account's search permission on the directory for
 * every relative lookup, so starting there grants nothing. (Entering it after the switch, with {@code env --chdir},
 * cost one more exec, about 1 ms per command here.) The environment stays exactly the spec's.
 */
final class LaunchChain {

    /** util-linux setpriv(1). */
    static final Path DEFAULT_SETPRIV = Path.of("/usr/bin/setpriv");

    /** coreutils env(1): {@code --default-signal} resets signals that a parent left ignored. */
    private static final Path ENV = Path.of("/usr/bin/env");

    private final Path setsid;
    private final Path setpriv;
    private final List<String> restoreSignals;

    LaunchChain(Path setsid, Path setpriv) {
        this(setsid, setpriv, IgnoredSignals.inThisProcess());
    }

    /**
     * @param ignoredSignals the job-control signals ignored in this process (the children would inherit them); when
     *                       any, every chain starts with {@code env --default-signal=...} to restore them
     */
    LaunchChain(Path setsid, Path setpriv, List<String> ignoredSignals) {
        this.setsid = setsid;
        this.setpriv = setpriv;
        this.restoreSignals = ignoredSignals.isEmpty() ? List.of()
                : List.of(ENV.toString(), "--default-signal=" + String.join(",", ignoredSignals), "--");
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
     * The process's initial working directory: the spec's, checked first when the process will switch accounts.
     *
     * @throws IOException if {@code account} may not enter it
     */
    Path directory(LaunchSpec spec, Optional<OsIdentity> account) throws IOException {
        if (account.isPresent()) {
            checkEnterable(account.get(), spec.cwd());
        }
        return spec.cwd();
    }

    /**
     * The full argv.
     *
     * @param tail the program and its arguments (already resolved)
     */
    List<String> argv(LaunchSpec spec, Optional<OsIdentity> account, List<String> tail) throws IOException {
        List<String> command = new ArrayList<>(tail.size() + 16);
        command.add(setsid.toString());
        command.addAll(restoreSignals);
        command.addAll(sandboxJoin(spec.sandbox()));
        if (account.isPresent() || spec.noNewPrivileges()) {
            if (!Files.isExecutable(setpriv)) {
                throw new IOException(setpriv + " is not executable (util-linux setpriv is required to run commands"
                        + " as other accounts or without new privileges)");
            }
            command.add(setpriv.toString());
            if (account.isPresent()) {
                OsIdentity id = account.get();
                command.add("--reuid=" + id.uid());
                command.add("--regid=" + id.gid());
                command.add(id.groupIds().isEmpty() ? "--clear-groups" : "--groups="
                        + id.groupIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
            }
            if (spec.noNewPrivileges()) {
                command.add("--no-new-privs");
            }
            command.add("--");
        }
        command.addAll(tail);
        return command;
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

    /**
     * Whether {@code account} may search every directory from {@code /} down to {@code dir}, judged by owner, group
     * and mode bits (ACLs are not read; the kernel still decides when the account's shell enters the directory).
     *
     * @throws IOException naming the directory and the account otherwise
     */
    static void checkEnterable(OsIdentity account, Path dir) throws IOException {
        if (account.isRoot()) {
            return;
        }
        Path current = dir.getRoot();
        List<Path> steps = new ArrayList<>();
        steps.add(current);
        for (Path part : dir.normalize()) {
            current = current.resolve(part);
            steps.add(current);
        }
        for (Path step : steps) {
            if (!searchable(account, step)) {
                throw new IOException("cannot enter " + dir + " as " + account.name());
            }
        }
    }

    private static boolean searchable(OsIdentity account, Path dir) {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(dir, "unix:mode,uid,gid");
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            return true; // cannot judge here; the kernel decides
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        int mode = (Integer) attributes.get("mode");
        int uid = (Integer) attributes.get("uid");
        int gid = (Integer) attributes.get("gid");
        if (uid == account.uid()) {
            return (mode & 0100) != 0;
        }
        if (account.groupIds().contains(gid)) {
            return (mode & 0010) != 0;
        }
        return (mode & 0001) != 0;
    }
}
