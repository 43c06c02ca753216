package io.openwinrm.cli;

import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmException;
import io.openwinrm.client.powershell.Pipeline;
import io.openwinrm.client.powershell.PipelineRequest;
import io.openwinrm.client.powershell.PipelineResult;
import io.openwinrm.client.powershell.PoolOptions;
import io.openwinrm.client.powershell.PowerShellClient;
import io.openwinrm.client.powershell.PsError;
import io.openwinrm.client.powershell.PsHost;
import io.openwinrm.client.powershell.PsValues;
import io.openwinrm.client.powershell.RunspacePool;
import io.openwinrm.psrp.state.PipelineState;
import io.openwinrm.psrp.stream.InformationalRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code invoke --powershell}: the script runs in a runspace pool of the endpoint's PowerShell configuration on each
 * host ([MS-PSRP]); output objects are printed as they arrive ({@link PsFormatter}), error records and warnings,
 * verbose and debug messages go to standard error, {@code Write-Host} text to standard output. A host's result is 1
 * when its pipeline failed or wrote error records, else the code of a remote {@code exit N}, else 0. Ctrl+C stops
 * the pipeline and deletes the pool before the process exits. With
 * {@code --json}, one object per host: {@code host}, {@code state}, {@code had_errors}, {@code output} (objects as
 * JSON values), {@code errors} ({@code message}, {@code category}, {@code fully_qualified_error_id},
 * {@code position}), {@code reason}, {@code warnings}, {@code duration_ms} and {@code error}.
 */
final class PowerShellInvoke {
    private static final Duration PIPELINE_TIMEOUT = Duration.ofDays(1);
    private static final Duration LAST_EXIT_CODE_TIMEOUT = Duration.ofSeconds(30);

    private final WinRmClient winrm;
    private final String configuration;
    private final PipelineRequest request;
    private final boolean stdinHost;

    /**
     * @param stdinHost whether Read-Host is answered from this process's standard input (one host, not JSON)
     */
    PowerShellInvoke(WinRmClient winrm, String configuration, PipelineRequest request, boolean stdinHost) {
        this.winrm = winrm;
        this.configuration = configuration;
        this.request = request;
        this.stdinHost = stdinHost;
    }

    /** Runs the script on one host, printing to {@code out} and {@code err}; returns the host's exit code. */
    int run(Endpoint endpoint, PrintStream out, PrintStream err) {
        AtomicInteger exitCode = new AtomicInteger();
        PsHost host = new CliHost(out, exitCode, stdinHost);
        PowerShellClient ps = PowerShellClient.of(winrm, endpoint, configuration);
        try (RunspacePool pool = ps.open(PoolOptions.DEFAULT.withHost(host))) {
            PsConsoleListener console = new PsConsoleListener(out, err);
            Pipeline p = pool.start(request, console);
            Thread onInterrupt = stopOnInterrupt(pool, p);
            PipelineResult r;
            try {
                r = p.await(PIPELINE_TIMEOUT);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it stops the pipeline and deletes the pool
                }
            }
            console.finish(r, false);
            return exitStatus(r, exitCode.get(), () -> lastExitCode(pool));
        }
    }

    /**
     * The host's exit status, as ssh gives a remote program's: the script's own {@code exit n} when it called it;
     * else {@code $LASTEXITCODE} when the last native program it ran failed (PowerShell 7 reports no error for that,
     * so without it a failed program would look like success); else 1 when the pipeline failed or wrote errors;
     * else 0.
     */
    static int exitStatus(PipelineResult r, int shouldExit, Supplier<OptionalInt> lastExitCode) {
        if (shouldExit != 0) {
            return shouldExit;
        }
        if (r.state() != PipelineState.COMPLETED) {
            return ExitCodes.REMOTE_FAILURE;
        }
        OptionalInt last = lastExitCode.get();
        if (last.isPresent() && last.getAsInt() != 0) {
            int code = last.getAsInt() & 0xff;
            return code == 0 ? ExitCodes.REMOTE_FAILURE : code; // 256 or a negative Windows code is still a failure
        }
        return r.hadErrors() ? ExitCodes.REMOTE_FAILURE : ExitCodes.OK;
    }

    private static Integer boxed(OptionalInt v) {
        return v.isPresent() ? v.getAsInt() : null;
    }

    /** {@code $LASTEXITCODE} in the pool, or empty when it cannot be read (a NoLanguage endpoint, a broken pool). */
    private static OptionalInt lastExitCode(RunspacePool pool) {
        try {
            return pool.lastExitCode(LAST_EXIT_CODE_TIMEOUT);
        } catch (WinRmException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Ctrl+C (or SIGTERM) while the pipeline runs: stop it as PowerShell's Ctrl+C does, then delete the pool, so that
     * nothing is left running on the host ([MS-PSRP] 3.1.5.3.9, 3.1.5.3.13). Best effort, bounded by the client's
     * timeouts.
     */
    private static Thread stopOnInterrupt(RunspacePool pool, Pipeline p) {
        Thread hook = new Thread(() -> {
            try {
                p.stop();
            } catch (RuntimeException ignored) {
                // the pool's Delete below stops it as well
            }
            try {
                pool.close();
            } catch (RuntimeException ignored) {
                // exiting anyway
            }
        }, "powershell-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Runs the script on one host and describes everything as one JSON object. */
    Map<String, Object> json(Endpoint endpoint) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("host", endpoint.toString());
        o.put("state", null);
        o.put("had_errors", null);
        o.put("output", List.of());
        o.put("errors", List.of());
        o.put("reason", null);
        o.put("warnings", List.of());
        long start = System.nanoTime();
        try (RunspacePool pool = PowerShellClient.of(winrm, endpoint, configuration).open()) {
            var r = pool.invoke(request, PIPELINE_TIMEOUT);
            o.put("state", r.result().state().toString());
            o.put("had_errors", r.hadErrors());
            o.put("last_exit_code", r.result().state() == PipelineState.COMPLETED ? boxed(lastExitCode(pool)) : null);
            List<Object> output = new ArrayList<>();
            r.output().forEach(v -> output.add(PsValues.toJava(v)));
            o.put("output", output);
            List<Object> errors = new ArrayList<>();
            for (PsError e : r.errors()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("message", e.record().message());
                m.put("category", e.record().category().dotNetName());
                m.put("fully_qualified_error_id", e.record().fullyQualifiedErrorId());
                m.put("position", e.positionMessage().orElse(null));
                errors.add(m);
            }
            o.put("errors", errors);
            o.put("reason", r.result().reason().map(x -> x.message()).orElse(null));
            o.put("warnings", r.informational(InformationalRecord.Kind.WARNING).stream()
                    .map(InformationalRecord::message).toList());
            o.put("duration_ms", (System.nanoTime() - start) / 1_000_000);
            o.put("error", null);
        } catch (WinRmException e) {
            o.put("duration_ms", (System.nanoTime() - start) / 1_000_000);
            o.put("error", e.getMessage());
        }
        return o;
    }

    /** Read-Host from standard input (one host only); Write-Host to standard output; {@code exit N} kept. */
    private static final class CliHost implements PsHost {
        private final PrintStream out;
        private final AtomicInteger exitCode;
        private final BufferedReader in;

        CliHost(PrintStream out, AtomicInteger exitCode, boolean stdin) {
            this.out = out;
            this.exitCode = exitCode;
            this.in = stdin ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)) : null;
        }

        @Override
        public String readLine() {
            if (in == null) {
                throw new UnsupportedOperationException("Read-Host needs standard input, which is not available "
                        + "when invoking on several hosts or with --json");
            }
            try {
                String line = in.readLine();
                if (line == null) {
                    throw new IllegalStateException("standard input ended before Read-Host got a line");
                }
                return line;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read standard input: " + e.getMessage());
            }
        }

        @Override
        public void write(String text, boolean newLine) {
            out.print(newLine ? text + System.lineSeparator() : text);
        }

        @Override
        public void setShouldExit(int code) {
            exitCode.set(code);
        }
    }
}
