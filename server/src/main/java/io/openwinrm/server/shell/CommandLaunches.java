package io.openwinrm.server.shell;

import io.openwinrm.policy.restrict.Decision;
import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.command.TerminalSpec;
import io.openwinrm.server.identity.OsIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one shell turns a WinRS Command into something to start ([MS-WSMV] 3.1.4.11): the argv ({@code /bin/sh -c}
 * the command line, the program itself with SKIP_CMD_SHELL, the account's login shell under a terminal, or on a
 * restricted endpoint the program its roles allow), as which account, in which sandbox. Immutable; the interpreter
 * of a login shell is started here but owned by the {@link Shell}.
 */
final class CommandLaunches {

    private static final String COMMAND_INTERPRETER = "/bin/sh";
    /** Shells that understand the framing of {@link io.openwinrm.server.command.Interpreter} (POSIX sh syntax). */
    private static final Set<String> POSIX_SHELLS = Set.of("sh", "bash", "dash", "ash", "ksh", "ksh93", "mksh",
            "zsh", "yash", "posh", "busybox");
    /** Shells that accept {@code -l} (login) next to {@code -i}. */
    private static final Set<String> LOGIN_OPTION_SHELLS = Set.of("sh", "bash", "dash", "ksh", "ksh93", "mksh",
            "zsh", "fish", "yash");

    private final ProcessLauncher launcher;
    private final ShellContext context;
    private final ShellSpec spec;
    private final Path workingDirectory;
    private final Map<String, String> environment;

    CommandLaunches(ProcessLauncher launcher, ShellContext context, ShellSpec spec, Path workingDirectory,
                    Map<String, String> environment) {
        this.launcher = launcher;
        this.context = context;
        this.spec = spec;
        this.workingDirectory = workingDirectory;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Restricted endpoints: the command line parsed without a shell and checked against the caller's merged roles
     * (anchors.md §4.3).
     *
     * @return {@link Decision.Allowed} with the argv to execute, or {@link Decision.Refused} naming the rule
     */
    Decision decide(CommandSpec command) {
        return context.policy().orElseThrow().decide(command.command(), command.arguments());
    }

    /** Restricted endpoints: the allowed program executed directly, no shell, no PATH lookup. */
    RunningCommand.Starter direct(List<String> argv) {
        LaunchSpec launch = launchSpec(argv);
        return () -> launcher.launch(launch);
    }

    /** A new process: with a terminal under its own pseudo-terminal, otherwise through {@code /bin/sh -c}. */
    RunningCommand.Starter process(CommandSpec command) {
        if (spec.terminal().isEmpty()) {
            LaunchSpec launch = launchSpec(argv(command));
            return () -> launcher.launch(launch);
        }
        TerminalSpec terminal = spec.terminal().get();
        List<String> argv;
        if (command.command().isBlank()) {
            argv = interactiveLoginArgv(loginShell());
        } else if (spec.stateful() && !command.skipCmdShell()) {
            argv = List.of(loginShell().toString(), "-c", command.commandLine());
        } else {
            argv = argv(command);
        }
        LaunchSpec launch = launchSpec(argv);
        return () -> launcher.launchInTerminal(launch, terminal);
    }

    /** The launch of a login shell's interpreter: the account's shell if it speaks POSIX sh, else /bin/sh. */
    LaunchSpec interpreter() {
        Path shell = loginShell();
        String name = shell.getFileName() == null ? "" : shell.getFileName().toString();
        if (!POSIX_SHELLS.contains(name)) {
            shell = ProcessLauncher.FALLBACK_SHELL;
        }
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putIfAbsent("SHELL", shell.toString());
        return launchSpec(List.of(shell.toString())).withEnv(env);
    }

    /** The line an interpreter runs for {@code command}. */
    static String interpreterLine(CommandSpec command) {
        return command.skipCmdShell() ? quoted(command) : command.commandLine();
    }

    /** The launch of {@code argv} as the shell's account, in its sandbox. */
    private LaunchSpec launchSpec(List<String> argv) {
        return new LaunchSpec(argv, workingDirectory, environment, context.runAs(), context.sandbox(),
                context.restricted());
    }

    /**
     * The login shell of the account commands run as, as the launcher judges it (an account whose shell is
     * nologin or false, such as a temporary account, gets {@link ProcessLauncher#FALLBACK_SHELL}).
     */
    private Path loginShell() {
        return launcher.loginShell(context.runAs().map(OsIdentity::name).orElse(context.caller().account()));
    }

    /** {@code -i} (and {@code -l} where the shell knows it): the account's shell as after a terminal login. */
    private static List<String> interactiveLoginArgv(Path shell) {
        String name = shell.getFileName() == null ? "" : shell.getFileName().toString();
        return LOGIN_OPTION_SHELLS.contains(name) ? List.of(shell.toString(), "-i", "-l")
                : List.of(shell.toString(), "-i");
    }

    /** SKIP_CMD_SHELL in an interpreter: program and arguments as single-quoted words, so argv is exact. */
    private static String quoted(CommandSpec command) {
        StringBuilder line = new StringBuilder();
        for (String word : command.argvForAudit()) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return line.toString();
    }

    private static List<String> argv(CommandSpec command) {
        if (command.skipCmdShell()) {
            List<String> argv = new ArrayList<>(1 + command.arguments().size());
            argv.add(command.command());
            argv.addAll(command.arguments());
            return argv;
        }
        return List.of(COMMAND_INTERPRETER, "-c", command.commandLine());
    }
}
