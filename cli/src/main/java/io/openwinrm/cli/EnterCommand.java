package io.openwinrm.cli;

import io.openwinrm.cli.interactive.LineSession;
import io.openwinrm.cli.interactive.LineSource;
import io.openwinrm.cli.interactive.Prompt;
import io.openwinrm.cli.interactive.StreamLineSource;
import io.openwinrm.cli.interactive.TerminalLineSource;
import io.openwinrm.cli.interactive.TtySession;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Pty;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellOptions;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmException;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.client.powershell.PoolOptions;
import io.openwinrm.client.powershell.PowerShellClient;
import io.openwinrm.client.powershell.RunspacePool;
import io.openwinrm.protocol.fault.FaultKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code openwinrm enter HOST} (Enter-PSSession): an interactive session on an OpenWinRM server's stateful login
 * shell. Without {@code --tty}, each line typed (or read from a pipe) runs in the same remote interpreter; with
 * {@code --tty}, the local terminal is attached to the remote interactive login shell under a PTY. Leaving deletes
 * the remote shell, also when this process is ended by a signal.
 */
@picocli.CommandLine.Command(name = "enter", mixinStandardHelpOptions = true,
        description = {"Start an interactive session with a remote OpenWinRM host (Enter-PSSession).",
                "Each line runs in one remote login shell, so cd and variables persist; Ctrl-C interrupts the "
                        + "running command, Ctrl-D or 'exit' leaves. With no terminal, lines are read from "
                        + "standard input (after the password line with --password-stdin).",
                "--tty attaches this terminal to the remote interactive login shell (vi, top, job control).",
                "On a PowerShell endpoint (--powershell, or --endpoint Microsoft.PowerShell or a "
                        + "http://schemas.microsoft.com/powershell/ URI) each line runs as a pipeline in one runspace "
                        + "pool (PowerShell Remoting); the prompt is the remote prompt function's, 'exit' or "
                        + "Exit-PSSession leaves and deletes the pool. Without a terminal the exit code is 1 if any "
                        + "line failed or wrote errors."})
final class EnterCommand implements Callable<Integer> {

    /** History of the lines typed, under the state directory. */
    static final String HISTORY_FILE = "enter_history";
    /** History of the lines typed in PowerShell sessions (another language: a history of its own). */
    static final String POWERSHELL_HISTORY_FILE = "enter_powershell_history";
    private static final String POWERSHELL_URI_PREFIX = "http://schemas.microsoft.com/powershell/";

    @Parameters(index = "0", paramLabel = "HOST", description = "name, name:port or a URL (https://host:5986/wsman).")
    String host;

    @Option(names = {"--endpoint", "--configuration-name"}, paramLabel = "NAME", description = "Endpoint (session "
            + "configuration) to use, as PowerShell's -ConfigurationName (default: login, the stateful login shell; "
            + "with --powershell, Microsoft.PowerShell). Microsoft.PowerShell or a "
            + "http://schemas.microsoft.com/powershell/ URI means PowerShell Remoting.")
    String endpointName;

    @Option(names = "--powershell", description = "The endpoint is a PowerShell one: run each line as a pipeline "
            + "through PowerShell Remoting (PSRP) instead of in a WinRS shell.")
    boolean powershell;

    @Option(names = {"-t", "--tty"}, description = "Attach this terminal to the remote login shell under a "
            + "pseudo-terminal (raw mode; window size follows).")
    boolean tty;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws IOException {
        Endpoint endpoint = SessionCommand.parseHost(host, client.http);
        boolean terminal = System.console() != null;
        boolean psrp = powershell || isPowerShellEndpoint(endpointName);
        if (tty && psrp) {
            throw new CliException(ExitCodes.USAGE, "--tty does not apply to a PowerShell endpoint");
        }
        if (tty && !terminal) {
            throw new CliException(ExitCodes.USAGE, "--tty needs a terminal on standard input and output");
        }
        String configuration = psrp ? powerShellConfiguration() : null;
        if (!psrp) {
            EndpointNames.valid(endpointName());
        }
        InputStream stdin = System.in;
        WinRmClient winrm = buildClient(stdin);
        if (psrp) {
            PowerShellClient ps = PowerShellClient.of(winrm, endpoint, configuration);
            if (!terminal) {
                return runPowerShell(ps, endpoint, new StreamLineSource(stdin));
            }
            try (Terminal t = systemTerminal()) {
                return runPowerShell(ps, endpoint, new TerminalLineSource(t, historyFile(POWERSHELL_HISTORY_FILE)));
            }
        }
        if (tty) {
            try (Terminal t = systemTerminal()) {
                return runTty(winrm, endpoint, t);
            }
        }
        Prompt prompt = new Prompt(client.effectiveUser(), endpoint.host(), null, null);
        if (!terminal) {
            return runLines(winrm, endpoint, new StreamLineSource(stdin), prompt);
        }
        try (Terminal t = systemTerminal()) {
            return runLines(winrm, endpoint, new TerminalLineSource(t, historyFile(HISTORY_FILE)), prompt);
        }
    }

    /** Whether {@code name} can only be a PowerShell endpoint: the default configuration or a PowerShell URI. */
    static boolean isPowerShellEndpoint(String name) {
        return name != null && (name.strip().equalsIgnoreCase(PowerShellClient.DEFAULT_CONFIGURATION)
                || name.strip().toLowerCase(Locale.ROOT).startsWith(POWERSHELL_URI_PREFIX));
    }

    private String endpointName() {
        return endpointName == null ? "login" : endpointName;
    }

    /** The configuration name (or PowerShell URI) for PSRP. */
    private String powerShellConfiguration() {
        if (endpointName == null) {
            return PowerShellClient.DEFAULT_CONFIGURATION;
        }
        String name = endpointName.strip();
        if (name.toLowerCase(Locale.ROOT).startsWith(POWERSHELL_URI_PREFIX)) {
            if (name.chars().anyMatch(c -> c <= ' ')) {
                throw new CliException(ExitCodes.USAGE, "invalid endpoint URI '" + endpointName + "'");
            }
            return name;
        }
        return EndpointNames.valid(name);
    }

    /**
     * The PowerShell session: a pool opened with this process as its host, deleted on leaving, also when this
     * process is ended by a signal meanwhile ({@link PowerShellEnter}).
     */
    private int runPowerShell(PowerShellClient ps, Endpoint endpoint, LineSource source) throws IOException {
        try (source) {
            AtomicBoolean leave = new AtomicBoolean();
            RunspacePool pool;
            try {
                pool = ps.open(PoolOptions.DEFAULT.withHost(PowerShellEnter.host(source, System.out, leave)));
            } catch (WinRmFaultException e) {
                if (e.fault().kind().orElse(null) == FaultKind.DESTINATION_UNREACHABLE) {
                    throw new CliException(ExitCodes.REMOTE_FAILURE, endpoint + " has no PowerShell endpoint "
                            + ps.resourceUri());
                }
                throw e;
            }
            Thread hook = new Thread(pool::close, "openwinrm-enter-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                source.completeWith(PowerShellEnter.completer(pool));
                return new PowerShellEnter(pool, source, endpoint.host(), System.out, System.err, leave).run();
            } finally {
                try {
                    pool.close();
                } catch (WinRmException e) {
                    System.err.println("openwinrm: could not delete the runspace pool " + pool.shellId() + ": "
                            + e.getMessage());
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook runs (and finds the pool closed)
                }
            }
        }
    }

    /** The credentials; with {@code --password-stdin} only the first line of standard input is the password. */
    private WinRmClient buildClient(InputStream stdin) {
        if (!client.passwordStdin) {
            return client.buildClient();
        }
        System.setIn(new FirstLineInputStream(stdin));
        try {
            return client.buildClient();
        } finally {
            System.setIn(stdin);
        }
    }

    private int runLines(WinRmClient winrm, Endpoint endpoint, LineSource source, Prompt prompt) throws IOException {
        try (source) {
            Shell shell = open(winrm, endpoint, ShellOptions.DEFAULT.withEndpoint(
                    EndpointNames.valid(endpointName())));
            return withShell(shell, () -> {
                LineSession session = new LineSession(shell, source, prompt, System.out, System.err);
                try {
                    return session.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private int runTty(WinRmClient winrm, Endpoint endpoint, Terminal terminal) {
        Size size = TtySession.initialSize(terminal);
        ShellOptions options = ShellOptions.DEFAULT.withEndpoint(EndpointNames.valid(endpointName())).withPty(
                Math.min(size.getColumns(), Pty.MAX_DIMENSION), Math.min(size.getRows(), Pty.MAX_DIMENSION),
                termType(terminal));
        Shell shell = open(winrm, endpoint, options);
        return withShell(shell, () -> new TtySession(terminal, shell).run());
    }

    private Shell open(WinRmClient winrm, Endpoint endpoint, ShellOptions options) {
        try {
            return winrm.openShell(endpoint, options);
        } catch (WinRmFaultException e) {
            if (e.fault().kind().orElse(null) == FaultKind.DESTINATION_UNREACHABLE) {
                throw new CliException(ExitCodes.REMOTE_FAILURE, endpoint + " has no endpoint named " + endpointName()
                        + " (" + options.resourceUri() + "): 'enter' needs an OpenWinRM server; use 'invoke' for "
                        + "other WinRM services");
            }
            throw e;
        }
    }

    /** Runs {@code body}, then deletes the shell — also if this process is ended by a signal meanwhile. */
    private static int withShell(Shell shell, Callable<Integer> body) {
        Thread hook = new Thread(() -> deleteQuietly(shell), "openwinrm-enter-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(shell);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs (and finds the shell closed)
            }
        }
    }

    private static void deleteQuietly(Shell shell) {
        try {
            shell.close();
        } catch (WinRmFaultException e) {
            if (e.fault().kind().orElse(null) != FaultKind.UNKNOWN_SHELL) {
                System.err.println("openwinrm: could not delete the remote shell " + shell.shellId() + ": "
                        + e.getMessage());
            }
        } catch (WinRmException e) {
            System.err.println("openwinrm: could not delete the remote shell " + shell.shellId() + ": "
                    + e.getMessage());
        }
    }

    private Path historyFile(String name) {
        StateDirectory home = client.home.resolve();
        try {
            home.ensureExists();
            return home.root().resolve(name);
        } catch (IOException e) {
            System.err.println("openwinrm: no history: cannot create " + home.root() + ": " + e.getMessage());
            return null;
        }
    }

    private static Terminal systemTerminal() throws IOException {
        return TerminalBuilder.builder().system(true).build();
    }

    /** The local {@code TERM}, which the remote programs must know to draw on this terminal. */
    private static String termType(Terminal terminal) {
        String term = System.getenv("TERM");
        if (term == null || term.isBlank() || term.chars().anyMatch(Character::isWhitespace)) {
            term = terminal.getType();
        }
        return term == null || term.isBlank() || term.startsWith("dumb") || term.chars().anyMatch(
                Character::isWhitespace) ? Pty.DEFAULT_TERM : term;
    }
}
