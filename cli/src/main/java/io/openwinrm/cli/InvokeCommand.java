package io.openwinrm.cli;

import io.openwinrm.client.Command;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellOptions;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmException;
import io.openwinrm.client.powershell.PipelineRequest;
import io.openwinrm.client.powershell.PowerShellClient;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.psrp.clixml.PsValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code openwinrm invoke} (Invoke-Command): runs one command on one or many hosts, at most {@code --throttle} at a
 * time. One host: its output goes straight through and its exit code is ours. Several: each line is prefixed with the
 * host, and the exit code is 0 only if every host ran the command and returned 0.
 */
@picocli.CommandLine.Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Run a command on one or more hosts (Invoke-Command).")
final class InvokeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--computer-name"}, split = ",", required = true, paramLabel = "HOST",
            description = "Hosts: name, name:port or a URL (https://host:5986/wsman); comma-separated or repeated; "
                    + "@FILE for a file of them, one per line (# comments), @- for standard input.")
    List<String> hosts;

    @Option(names = "--throttle", defaultValue = "32", description = "At most this many hosts at once "
            + "(default: ${DEFAULT-VALUE}).")
    int throttle;

    @Option(names = "--codepage", defaultValue = "65001", description = "Console code page of the remote shell "
            + "(default: ${DEFAULT-VALUE}, UTF-8).")
    int codepage;

    @Option(names = {"-d", "--working-directory"}, description = "Working directory of the remote command.")
    String workingDirectory;

    @Option(names = {"--endpoint", "--configuration-name"}, paramLabel = "NAME", description = "Endpoint (session "
            + "configuration) to use, as PowerShell's -ConfigurationName (default: cmd, the WinRS cmd shell; with "
            + "--powershell, Microsoft.PowerShell).")
    String endpointName;

    @Option(names = "--powershell", description = "Run a PowerShell script through PowerShell Remoting (PSRP) in the "
            + "endpoint's session configuration instead of a command in a WinRS shell: output objects printed as "
            + "PowerShell formats them, errors on standard error with category and position; exit status a remote "
            + "exit N, else the last native program's $LASTEXITCODE when non-zero, else 1 when the pipeline failed "
            + "or wrote errors.")
    boolean powershell;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "With --powershell: run the script in this "
            + "local file instead of the words after --.")
    Path scriptFile;

    @Option(names = "--arg", paramLabel = "VALUE", description = "With --powershell: a positional argument for the "
            + "script ($args[0], $args[1], ... as strings); repeat for more.")
    List<String> scriptArguments;

    @Option(names = "--skip-cmd-shell", description = "Execute the program directly, not through the shell "
            + "(WINRS_SKIP_CMD_SHELL: honoured on OpenWinRM's own endpoint URIs, ignored by the WinRS cmd shell as by "
            + "Windows Server 2012 R2 and later).")
    boolean skipCmdShell;

    @Option(names = {"-i", "--stdin"}, description = "Forward this process's standard input (one host only).")
    boolean forwardStdin;

    @Option(names = "--json", description = "Print one JSON object per host (host, exit_code, stdout, stderr, "
            + "duration_ms, error; stdout_base64/stderr_base64 instead of text when the output is not UTF-8) as "
            + "JSON Lines, in the order the hosts finish, instead of the output itself. Not with --stdin.")
    boolean json;

    @Mixin
    ClientOptions client;

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "The command and its arguments (after --); with "
            + "--powershell, the script text (words joined with spaces).")
    List<String> command;

    @Override
    public Integer call() {
        if (throttle < 1) {
            throw new CliException(ExitCodes.USAGE, "--throttle must be at least 1");
        }
        if (forwardStdin && hosts.contains("@-")) {
            throw new CliException(ExitCodes.USAGE, "--stdin cannot be combined with a host list on standard input");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (String h : HostList.expand(hosts, () -> System.in)) {
            try {
                endpoints.add(Endpoint.parse(h, client.http));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "invalid host '" + h + "': " + e.getMessage());
            }
        }
        if (forwardStdin && endpoints.size() > 1) {
            throw new CliException(ExitCodes.USAGE, "--stdin works with one host only");
        }
        if (forwardStdin && json) {
            throw new CliException(ExitCodes.USAGE, "--json cannot be combined with --stdin");
        }
        if (powershell) {
            return powerShell(endpoints);
        }
        if (scriptFile != null || scriptArguments != null) {
            throw new CliException(ExitCodes.USAGE, "--file and --arg need --powershell");
        }
        if (command == null || command.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "missing the command to run (after --)");
        }
        WinRmClient winrm = client.buildClient();
        ShellOptions options = ShellOptions.DEFAULT.withCodepage(codepage).withWorkingDirectory(workingDirectory);
        if (endpointName != null) {
            options = options.withEndpoint(EndpointNames.valid(endpointName));
        }
        if (json) {
            ShellOptions shellOptions = options;
            return new JsonInvoke((e, out, err) -> runOne(winrm, e, shellOptions, out, err, null), throttle)
                    .run(endpoints);
        }
        if (endpoints.size() == 1) {
            return runOne(winrm, endpoints.get(0), options, System.out, System.err, forwardStdin ? System.in : null);
        }
        return runMany(winrm, endpoints, options);
    }

    /** {@code --powershell}: the script through PSRP on every host ({@link PowerShellInvoke}). */
    private int powerShell(List<Endpoint> endpoints) {
        if (forwardStdin) {
            throw new CliException(ExitCodes.USAGE, "--stdin does not apply to --powershell (Read-Host reads standard "
                    + "input when there is one host)");
        }
        if (skipCmdShell || workingDirectory != null) {
            throw new CliException(ExitCodes.USAGE, "--skip-cmd-shell and --working-directory do not apply to "
                    + "--powershell");
        }
        String script;
        if (scriptFile != null) {
            if (command != null && !command.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "give the script either with --file or after --, not both");
            }
            try {
                script = Files.readString(scriptFile, StandardCharsets.UTF_8);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read script file " + scriptFile + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        } else if (command != null && !command.isEmpty()) {
            script = String.join(" ", command);
        } else {
            throw new CliException(ExitCodes.USAGE, "missing the script to run (after --, or --file)");
        }
        if (script.isBlank()) {
            throw new CliException(ExitCodes.USAGE, "the script is empty");
        }
        List<PsValue> args = new ArrayList<>();
        if (scriptArguments != null) {
            scriptArguments.forEach(a -> args.add(PsValue.of(a)));
        }
        String configuration = endpointName == null ? PowerShellClient.DEFAULT_CONFIGURATION
                : EndpointNames.valid(endpointName);
        PowerShellInvoke invoke = new PowerShellInvoke(client.buildClient(), configuration,
                PipelineRequest.script(script, args), endpoints.size() == 1 && !json);
        if (json) {
            int failed = HostFanout.failures(endpoints, throttle, e -> {
                Map<String, Object> o = invoke.json(e);
                synchronized (System.out) {
                    JsonOutput.print(System.out, o);
                }
                return o.get("error") == null && Boolean.FALSE.equals(o.get("had_errors"));
            });
            return failed == 0 ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
        }
        if (endpoints.size() == 1) {
            return invoke.run(endpoints.get(0), System.out, System.err);
        }
        int failed = HostFanout.failures(endpoints, throttle, e -> {
            String label = e.host() + (e.port() == (e.https() ? Endpoint.HTTPS_PORT : Endpoint.HTTP_PORT) ? ""
                    : ":" + e.port());
            try (PrefixingStream out = new PrefixingStream(System.out, label);
                    PrefixingStream err = new PrefixingStream(System.err, label);
                    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream r = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                return invoke.run(e, o, r) == 0;
            } catch (WinRmException ex) {
                synchronized (System.err) {
                    System.err.println("[" + label + "] openwinrm: " + ex.getMessage());
                }
                return false;
            }
        });
        return failed == 0 ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
    }

    private int runOne(WinRmClient winrm, Endpoint endpoint, ShellOptions options, OutputStream out,
            OutputStream err, InputStream stdin) {
        try (Shell shell = winrm.openShell(endpoint, options);
                Command cmd = shell.execute(command.get(0), command.subList(1, command.size()), skipCmdShell)) {
            Thread feeder = stdin == null ? null : startFeeder(cmd, stdin);
            if (feeder == null) {
                cmd.sendInput(new byte[0], true);
            }
            int exit = cmd.await((stream, data) -> write(StreamNames.STDERR.equals(stream) ? err : out, data));
            if (feeder != null) {
                feeder.interrupt();
            }
            flush(out);
            flush(err);
            return exit;
        }
    }

    private static Thread startFeeder(Command cmd, InputStream in) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (n > 0) {
                        cmd.sendInput(java.util.Arrays.copyOf(buf, n), false);
                    }
                }
                cmd.sendInput(new byte[0], true);
            } catch (IOException | WinRmException e) {
                // the command ended or the connection failed; the receiving side reports it
            }
        }, "stdin-feeder");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private int runMany(WinRmClient winrm, List<Endpoint> endpoints, ShellOptions options) {
        int failed = HostFanout.failures(endpoints, throttle, e -> {
            String label = e.host() + (e.port() == (e.https() ? Endpoint.HTTPS_PORT : Endpoint.HTTP_PORT) ? ""
                    : ":" + e.port());
            try (PrefixingStream out = new PrefixingStream(System.out, label);
                    PrefixingStream err = new PrefixingStream(System.err, label)) {
                return runOne(winrm, e, options, out, err, null) == 0;
            } catch (WinRmException ex) {
                synchronized (System.err) {
                    System.err.println("[" + label + "] openwinrm: " + ex.getMessage());
                }
                return false;
            }
        });
        return failed == 0 ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
    }

    private static void write(OutputStream out, byte[] data) {
        try {
            out.write(data);
            out.flush();
        } catch (IOException e) {
            throw new CliException(ExitCodes.INTERNAL, "cannot write output: " + e.getMessage());
        }
    }

    private static void flush(OutputStream out) {
        try {
            out.flush();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    /** Writes whole lines to a shared stream, each prefixed with {@code [host] }. */
    static final class PrefixingStream extends OutputStream {
        private final PrintStream target;
        private final byte[] prefix;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        PrefixingStream(PrintStream target, String host) {
            this.target = target;
            this.prefix = ("[" + host + "] ").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public void write(int b) {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        private void emit() {
            synchronized (target) {
                target.write(prefix, 0, prefix.length);
                target.write(line.toByteArray(), 0, line.size());
                target.flush();
            }
            line.reset();
        }

        @Override
        public void close() {
            if (line.size() > 0) {
                line.write('\n');
                emit();
            }
        }
    }
}
