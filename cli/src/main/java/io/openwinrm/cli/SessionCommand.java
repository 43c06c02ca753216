package io.openwinrm.cli;

import io.openwinrm.client.Command;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellInfo;
import io.openwinrm.client.ShellOptions;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.client.powershell.PowerShellClient;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.shell.BufferMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code openwinrm session new|list|run|disconnect|connect|receive|remove}: persistent shells that outlive the client
 * process, PowerShell's {@code New-PSSession} / {@code Disconnect-PSSession} / {@code Connect-PSSession} /
 * {@code Receive-PSSession} ([MS-WSMV] 3.1.4.15–3.1.4.17). A handle per session is kept under
 * {@code HOME/sessions/NAME.toml} ({@link SessionStore}) so that any later process can take the session up. With
 * {@code --powershell} the sessions are PSSessions, runspace pools ({@link PowerShellSessions}).
 */
@picocli.CommandLine.Command(name = "session", mixinStandardHelpOptions = true,
        description = "Persistent sessions: start commands, disconnect, and collect their output later, from "
                + "another process or host.",
        subcommands = {SessionCommand.New.class, SessionCommand.ListSessions.class, SessionCommand.Run.class,
                SessionCommand.Disconnect.class, SessionCommand.Connect.class, SessionCommand.Receive.class,
                SessionCommand.Remove.class})
final class SessionCommand {

    private SessionCommand() {
    }

    static SessionStore store(ClientOptions client) {
        return new SessionStore(client.home.resolve());
    }

    /** The handle of the WinRS session {@code name}; a PSSession is a usage error, followed by {@code instead}. */
    static SessionHandle winRs(SessionStore store, String name, String instead) {
        SessionHandle h = store.load(name);
        if (h.isPowerShell()) {
            throw new CliException(ExitCodes.USAGE, "session '" + name + "' is a PSSession: " + instead);
        }
        return h;
    }

    /** {@code session new NAME -c HOST}: creates the shell and its handle; the shell stays open. */
    @picocli.CommandLine.Command(name = "new", mixinStandardHelpOptions = true,
            description = "Open a shell on a host and remember it as NAME (New-PSSession).")
    static final class New implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "Local name of the session.")
        String name;

        @Option(names = {"-c", "--computer-name"}, required = true, paramLabel = "HOST",
                description = "Host: name, name:port or a URL (https://host:5986/wsman).")
        String host;

        @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Close the shell after this long "
                + "unused (default: the server's).")
        Long idleTimeoutSeconds;

        @Option(names = "--codepage", defaultValue = "65001", description = "Console code page of the remote shell "
                + "(default: ${DEFAULT-VALUE}, UTF-8).")
        int codepage;

        @Option(names = {"--endpoint", "--configuration-name"}, paramLabel = "NAME", description = "Endpoint "
                + "(session configuration) to use (default: cmd; with --powershell, Microsoft.PowerShell).")
        String endpointName;
        @Option(names = {"-d", "--working-directory"}, description = "Working directory of the remote shell.")
        String workingDirectory;

        @Option(names = "--powershell", description = "A PSSession: open a runspace pool of the endpoint's "
                + "PowerShell configuration (PowerShell Remoting), start the script given after -- in it if any, "
                + "and disconnect it; 'session receive NAME' collects the script's output later, from any process.")
        boolean powershell;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "SCRIPT", description = "With --powershell: a "
                + "script to start in the new session (after --; words joined with spaces).")
        List<String> script;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            SessionStore store = store(client);
            if (store.find(name).isPresent()) {
                throw new CliException(ExitCodes.USAGE, "a session named '" + name + "' exists already");
            }
            Endpoint endpoint = SessionCommand.parseHost(host, client.http);
            if (powershell) {
                if (workingDirectory != null || codepage != 65001) {
                    throw new CliException(ExitCodes.USAGE, "--working-directory and --codepage do not apply to "
                            + "--powershell");
                }
                String text = script == null || script.isEmpty() ? null : String.join(" ", script);
                if (text != null && text.isBlank()) {
                    throw new CliException(ExitCodes.USAGE, "the script is empty");
                }
                return new PowerShellSessions(client, store).create(name, endpoint, configuration(endpointName),
                        idleTimeoutSeconds == null ? null : positiveSeconds(idleTimeoutSeconds, "--idle-timeout"),
                        text);
            }
            if (script != null && !script.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "a script after the name needs --powershell; start "
                        + "commands with 'openwinrm session run " + name + " -- COMMAND'");
            }
            ShellOptions options = ShellOptions.DEFAULT.withCodepage(codepage).withWorkingDirectory(workingDirectory);
            if (endpointName != null) {
                options = options.withEndpoint(EndpointNames.valid(endpointName));
            }
            if (idleTimeoutSeconds != null) {
                options = options.withIdleTimeout(positiveSeconds(idleTimeoutSeconds, "--idle-timeout"));
            }
            WinRmClient winrm = client.buildClient();
            Shell shell = winrm.openShell(endpoint, options);
            try {
                store.create(new SessionHandle(name, endpoint, shell.shellId(), List.of()));
            } catch (RuntimeException e) {
                shell.close();
                throw e;
            }
            // leave the shell open on the server: release only this process's connections
            shell.detach();
            System.out.println(name + " " + shell.shellId());
            return ExitCodes.OK;
        }
    }

    /** {@code session list}: local handles, or with {@code -c} the service's view of the caller's shells. */
    @picocli.CommandLine.Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the sessions remembered here, or with -c the caller's shells on a host "
                    + "(Get-PSSession).")
    static final class ListSessions implements Callable<Integer> {
        @Option(names = {"-c", "--computer-name"}, paramLabel = "HOST",
                description = "Ask this host for the caller's shells instead of listing local handles.")
        String host;

        @Option(names = "--json", description = "Print a JSON array (local handles: name, shell_id, endpoint, "
                + "command_ids, and powershell for a PSSession; with -c: shell_id, state, name, owner, client_ip, "
                + "idle_timeout_s, age_s, inactive_s; with -c and --powershell: pool_id, state, name, "
                + "pending_pipelines, idle_timeout_s).")
        boolean json;

        @Option(names = "--powershell", description = "PSSessions: with -c, the caller's disconnected runspace pools "
                + "of the --endpoint configuration on the host and this host's local PSSession handles; without "
                + "-c, the local PSSession handles only.")
        boolean powershell;

        @Option(names = {"--endpoint", "--configuration-name"}, paramLabel = "NAME", description = "With "
                + "--powershell and -c: the configuration whose pools to list (default: Microsoft.PowerShell).")
        String endpointName;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            List<SessionHandle> local = store(client).list();
            if (endpointName != null && !(powershell && host != null)) {
                throw new CliException(ExitCodes.USAGE, "--endpoint needs --powershell and -c");
            }
            if (powershell) {
                if (host != null) {
                    return new PowerShellSessions(client, store(client)).list(SessionCommand.parseHost(host,
                            client.http), configuration(endpointName), local, json);
                }
                local = local.stream().filter(SessionHandle::isPowerShell).toList();
            }
            if (json) {
                return printJson(local);
            }
            if (host == null) {
                System.out.println(String.format("%-20s %-36s %-8s %s", "NAME", "SHELL ID", "COMMANDS", "ENDPOINT"));
                for (SessionHandle h : local) {
                    System.out.println(String.format("%-20s %-36s %-8d %s", h.name(), h.shellId(),
                            h.commandIds().size(), h.endpoint() + (h.isPowerShell() ? " (PowerShell "
                                    + h.powerShell() + ")" : "")));
                }
                return ExitCodes.OK;
            }
            Endpoint endpoint = SessionCommand.parseHost(host, client.http);
            Map<String, String> names = new HashMap<>();
            local.forEach(h -> names.put(h.shellId().toUpperCase(Locale.ROOT), h.name()));
            List<ShellInfo> shells = client.buildClient().listShells(endpoint);
            System.out.println(String.format("%-36s %-12s %-20s %-12s %-15s %-10s %-10s %s", "SHELL ID", "STATE",
                    "NAME", "OWNER", "CLIENT IP", "IDLE (s)", "AGE (s)", "INACTIVE (s)"));
            for (ShellInfo s : shells) {
                System.out.println(String.format("%-36s %-12s %-20s %-12s %-15s %-10s %-10s %s", s.shellId(),
                        s.state().map(st -> st.wireName()).orElse("-"),
                        names.getOrDefault(s.shellId().toUpperCase(Locale.ROOT), "-"), dash(s.owner()),
                        dash(s.clientIp()), seconds(s.idleTimeout()), seconds(s.shellRunTime()),
                        seconds(s.shellInactivity())));
            }
            return ExitCodes.OK;
        }

        private int printJson(List<SessionHandle> local) {
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            if (host == null) {
                for (SessionHandle h : local) {
                    Map<String, Object> o = new java.util.LinkedHashMap<>();
                    o.put("name", h.name());
                    o.put("shell_id", h.shellId());
                    o.put("endpoint", String.valueOf(h.endpoint()));
                    o.put("command_ids", h.commandIds());
                    if (h.isPowerShell()) {
                        o.put("powershell", h.powerShell());
                    }
                    rows.add(o);
                }
            } else {
                Map<String, String> names = new HashMap<>();
                local.forEach(h -> names.put(h.shellId().toUpperCase(Locale.ROOT), h.name()));
                for (ShellInfo s : client.buildClient().listShells(SessionCommand.parseHost(host, client.http))) {
                    Map<String, Object> o = new java.util.LinkedHashMap<>();
                    o.put("shell_id", s.shellId());
                    o.put("state", s.state().map(st -> st.wireName()).orElse(null));
                    o.put("name", names.get(s.shellId().toUpperCase(Locale.ROOT)));
                    o.put("owner", s.owner());
                    o.put("client_ip", s.clientIp());
                    o.put("idle_timeout_s", s.idleTimeout().map(Duration::getSeconds).orElse(null));
                    o.put("age_s", s.shellRunTime().map(Duration::getSeconds).orElse(null));
                    o.put("inactive_s", s.shellInactivity().map(Duration::getSeconds).orElse(null));
                    rows.add(o);
                }
            }
            JsonOutput.print(System.out, rows);
            return ExitCodes.OK;
        }

        private static String dash(String s) {
            return s == null || s.isEmpty() ? "-" : s;
        }

        private static String seconds(java.util.Optional<Duration> d) {
            return d.map(v -> Long.toString(v.getSeconds())).orElse("-");
        }
    }

    /** {@code session run NAME -- CMD}: starts a command, remembers its id, and streams its output. */
    @picocli.CommandLine.Command(name = "run", mixinStandardHelpOptions = true,
            description = "Start a command in session NAME and stream its output; its exit code is ours. With "
                    + "--no-wait only print the command id. If this process ends early, 'session receive NAME' "
                    + "collects the rest.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The session.")
        String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND",
                description = "The command and its arguments (after --).")
        List<String> command;

        @Option(names = "--skip-cmd-shell", description = "Execute the program directly, not through the shell "
                + "(WINRS_SKIP_CMD_SHELL: honoured on OpenWinRM's own endpoint URIs, ignored by the WinRS cmd shell "
                + "as by Windows Server 2012 R2 and later).")
        boolean skipCmdShell;

        @Option(names = "--no-wait", description = "Start the command (stdin closed), print its id and return.")
        boolean noWait;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            SessionStore store = store(client);
            SessionHandle h = winRs(store, name, "give its script to 'session new --powershell NAME -c HOST -- "
                    + "SCRIPT', or use 'invoke --powershell'");
            WinRmClient winrm = client.buildClient();
            Shell shell = winrm.attachShell(h.endpoint(), h.shellId());
            try {
                Command cmd;
                try {
                    cmd = shell.execute(command.get(0), command.subList(1, command.size()), skipCmdShell);
                } catch (WinRmFaultException e) {
                    throw SessionCommand.explain(e, h);
                }
                // remembered before any output is read, so that a process that dies now leaves a usable handle
                store.update(name, x -> x.withCommand(cmd.commandId()));
                cmd.sendInput(new byte[0], true);
                if (noWait) {
                    System.out.println(cmd.commandId());
                    return ExitCodes.OK;
                }
                return OutputCollector.collect(cmd, store, name);
            } finally {
                shell.detach();
            }
        }
    }

    /** {@code session disconnect NAME}: the shell stays on the server without a client. */
    @picocli.CommandLine.Command(name = "disconnect", mixinStandardHelpOptions = true,
            description = "Disconnect session NAME: its commands keep running and their output is kept for a "
                    + "later 'session connect' or 'session receive' (Disconnect-PSSession). A PSSession is left "
                    + "disconnected by every command: for one, this checks that it still is.")
    static final class Disconnect implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The session.")
        String name;

        @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Close the shell if nobody connects "
                + "within this long (default: the server's).")
        Long idleTimeoutSeconds;

        @Option(names = "--buffer-mode", paramLabel = "MODE", description = "block (pause a command whose output "
                + "buffer is full; nothing is lost) or drop (discard its oldest output). Default: the server's.")
        BufferMode bufferMode;

        @Option(names = "--powershell", description = "Expect a PSSession (made with 'session new --powershell'); "
                + "the handle says which kind a session is, so this only checks it.")
        boolean powershell;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            SessionHandle h = kind(store(client).load(name), powershell);
            if (h.isPowerShell()) {
                if (idleTimeoutSeconds != null || bufferMode != null) {
                    throw new CliException(ExitCodes.USAGE, "--idle-timeout and --buffer-mode do not apply to a "
                            + "PSSession, which stays disconnected between commands");
                }
                return new PowerShellSessions(client, store(client)).disconnect(h);
            }
            Duration idle = idleTimeoutSeconds == null ? null : positiveSeconds(idleTimeoutSeconds, "--idle-timeout");
            Shell shell = client.buildClient().attachShell(h.endpoint(), h.shellId());
            try {
                shell.disconnect(idle, bufferMode);
            } catch (WinRmFaultException e) {
                throw SessionCommand.explain(e, h);
            } finally {
                shell.close();
            }
            System.out.println("disconnected " + name);
            return ExitCodes.OK;
        }
    }

    /** {@code session connect NAME}: takes up a disconnected shell from this process. */
    @picocli.CommandLine.Command(name = "connect", mixinStandardHelpOptions = true,
            description = "Connect to disconnected session NAME from this process or host (Connect-PSSession); "
                    + "prints the commands whose output is waiting. For a PSSession: prints the output of every "
                    + "pipeline still to be collected until it ends, then disconnects the pool again.")
    static final class Connect implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The session.")
        String name;

        @Option(names = "--force", description = "If another client is still connected (e.g. a process that was "
                + "killed), disconnect it first.")
        boolean force;

        @Option(names = "--powershell", description = "Expect a PSSession (made with 'session new --powershell'); "
                + "the handle says which kind a session is, so this only checks it.")
        boolean powershell;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            SessionHandle h = kind(store(client).load(name), powershell);
            if (h.isPowerShell()) {
                if (force) {
                    throw new CliException(ExitCodes.USAGE, "--force does not apply to a PSSession");
                }
                System.out.println("connected " + name + " " + h.shellId());
                System.out.flush();
                return new PowerShellSessions(client, store(client)).receive(h, h.commandIds());
            }
            WinRmClient winrm = client.buildClient();
            Shell shell;
            try {
                shell = winrm.connectShell(h.endpoint(), h.shellId());
            } catch (WinRmFaultException e) {
                if (!force || e.fault().kind().orElse(null) != FaultKind.SHELL_CONNECTED_TO_DIFFERENT_CLIENT) {
                    throw SessionCommand.explain(e, h);
                }
                Shell stale = winrm.attachShell(h.endpoint(), h.shellId());
                try {
                    stale.disconnect();
                } finally {
                    stale.close();
                }
                shell = winrm.connectShell(h.endpoint(), h.shellId());
            }
            shell.detach();
            System.out.println("connected " + name + " " + h.shellId());
            for (String id : h.commandIds()) {
                System.out.println("command " + id);
            }
            return ExitCodes.OK;
        }
    }

    /** {@code session receive NAME [COMMAND_ID]}: collects a command's output, connecting first if needed. */
    @picocli.CommandLine.Command(name = "receive", mixinStandardHelpOptions = true,
            description = "Write the output of a command of session NAME (default: the last one started) to "
                    + "stdout and stderr until it ends, connecting to the session first if it is disconnected "
                    + "(Receive-PSSession). The command's exit code is ours.")
    static final class Receive implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The session.")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "COMMAND_ID",
                description = "The command, or the pipeline of a PSSession (default: the last one started).")
        String commandId;

        @Option(names = "--powershell", description = "Expect a PSSession (made with 'session new --powershell'); "
                + "the handle says which kind a session is, so this only checks it.")
        boolean powershell;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            SessionStore store = store(client);
            SessionHandle h = kind(store.load(name), powershell);
            String id = commandId != null ? commandId : h.lastCommand();
            if (h.isPowerShell() && id == null) {
                throw new CliException(ExitCodes.USAGE, "session '" + name + "' has no pipeline whose output is "
                        + "waiting; give a PIPELINE_ID");
            }
            if (h.isPowerShell()) {
                return new PowerShellSessions(client, store).receive(h, List.of(id));
            }
            if (id == null) {
                throw new CliException(ExitCodes.USAGE, "session '" + name + "' has no command whose output is "
                        + "waiting; give a COMMAND_ID");
            }
            WinRmClient winrm = client.buildClient();
            Shell shell;
            try {
                shell = winrm.getShell(h.endpoint(), h.shellId()).isDisconnected()
                        ? winrm.connectShell(h.endpoint(), h.shellId())
                        : winrm.attachShell(h.endpoint(), h.shellId());
            } catch (WinRmFaultException e) {
                throw SessionCommand.explain(e, h);
            }
            try {
                return OutputCollector.collect(shell.command(id), store, name);
            } catch (WinRmFaultException e) {
                // Windows and OpenWinRM answer an unknown CommandId and an unknown ShellId with the same fault
                // (InvalidSelectors, 2150858843): the shell answering Get tells them apart
                if (isInvalidSelector(e) && shellExists(winrm, h)) {
                    store.update(name, x -> x.withoutCommand(id));
                    throw new CliException(ExitCodes.REMOTE_FAILURE, "command " + id + " is unknown to the service: "
                            + "its output was collected already, or it was terminated");
                }
                throw SessionCommand.explain(e, h);
            } finally {
                shell.detach();
            }
        }
    }

    /** {@code session remove NAME}: deletes the shell (ending its commands) and the handle. */
    @picocli.CommandLine.Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Delete session NAME's shell on the server, ending its commands, and forget it "
                    + "(Remove-PSSession).")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The session.")
        String name;

        @Option(names = "--powershell", description = "Expect a PSSession (made with 'session new --powershell'); "
                + "the handle says which kind a session is, so this only checks it.")
        boolean powershell;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            SessionStore store = store(client);
            SessionHandle h = kind(store.load(name), powershell);
            if (h.isPowerShell()) {
                return new PowerShellSessions(client, store).remove(h);
            }
            Shell shell = client.buildClient().attachShell(h.endpoint(), h.shellId());
            try {
                shell.close();
                System.out.println("removed " + name);
            } catch (WinRmFaultException e) {
                if (e.fault().kind().orElse(null) != FaultKind.UNKNOWN_SHELL) {
                    throw SessionCommand.explain(e, h);
                }
                System.out.println("removed " + name + " (its shell was already gone)");
            }
            store.delete(name);
            return ExitCodes.OK;
        }
    }

    /** {@code h}, if it is a PSSession or {@code powerShell} (the caller's expectation) is false. */
    static SessionHandle kind(SessionHandle h, boolean powerShell) {
        if (powerShell && !h.isPowerShell()) {
            throw new CliException(ExitCodes.USAGE, "session '" + h.name() + "' is a WinRS shell, not a PSSession "
                    + "(--powershell)");
        }
        return h;
    }

    /** The PowerShell configuration name or URI of {@code --endpoint} (default: Microsoft.PowerShell). */
    static String configuration(String endpointName) {
        if (endpointName == null) {
            return PowerShellClient.DEFAULT_CONFIGURATION;
        }
        String name = endpointName.strip();
        return name.contains("://") ? name : EndpointNames.valid(name);
    }

    private static boolean isInvalidSelector(WinRmFaultException e) {
        FaultKind kind = e.fault().kind().orElse(null);
        return kind == FaultKind.UNKNOWN_COMMAND || kind == FaultKind.UNKNOWN_SHELL;
    }

    private static boolean shellExists(WinRmClient winrm, SessionHandle h) {
        try {
            winrm.getShell(h.endpoint(), h.shellId());
            return true;
        } catch (WinRmFaultException e) {
            return false;
        }
    }

    static Endpoint parseHost(String host, boolean http) {
        try {
            return Endpoint.parse(host, http);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "invalid host '" + host + "': " + e.getMessage());
        }
    }

    static Duration positiveSeconds(long seconds, String option) {
        if (seconds < 1) {
            throw new CliException(ExitCodes.USAGE, option + " must be at least 1 second");
        }
        return Duration.ofSeconds(seconds);
    }

    /** Turns the faults a session operation typically meets into a message that says what to do. */
    static RuntimeException explain(WinRmFaultException e, SessionHandle h) {
        FaultKind kind = e.fault().kind().orElse(null);
        if (kind == null) {
            return e;
        }
        String what = "session '" + h.name() + "' (shell " + h.shellId() + " on " + h.endpoint() + ")";
        return switch (kind) {
            case UNKNOWN_SHELL -> new CliException(ExitCodes.REMOTE_FAILURE, what + " no longer exists on the server "
                    + "(closed, timed out, or another user's); 'openwinrm session remove " + h.name() + "' forgets it");
            case STREAM_DISCONNECTED, SHELL_DISCONNECTED -> new CliException(ExitCodes.REMOTE_FAILURE, what
                    + " is disconnected; take it up with 'openwinrm session connect " + h.name() + "'");
            case SHELL_CONNECTED_TO_DIFFERENT_CLIENT -> new CliException(ExitCodes.REMOTE_FAILURE, what
                    + " is connected to a client; disconnect it first ('openwinrm session disconnect " + h.name()
                    + "') or use --force");
            default -> e;
        };
    }
}
