package io.openwinrm.cli;

import io.openwinrm.cli.interactive.LineCompleter;
import io.openwinrm.cli.interactive.LineSource;
import io.openwinrm.client.WinRmException;
import io.openwinrm.client.powershell.Pipeline;
import io.openwinrm.client.powershell.PipelineRequest;
import io.openwinrm.client.powershell.PipelineResult;
import io.openwinrm.client.powershell.PsHost;
import io.openwinrm.client.powershell.RunspacePool;
import io.openwinrm.psrp.state.PipelineState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * {@code enter HOST} on a PowerShell endpoint (Enter-PSSession over [MS-PSRP]): each line is one pipeline of script
 * text in one runspace pool (3.1.4.3), so the remote runspace's state persists from line to line; objects are
 * printed as they arrive ({@link PsConsoleListener}), errors on standard error. Ctrl+C while a line runs stops its
 * pipeline (Signal crtl_c, 3.1.5.3.9), not the session. {@code exit} or {@code Exit-PSSession} typed as a line, a
 * remote {@code Exit-PSSession} (the host call PopRunspace, 2.2.3.17) or the end of input leave; the caller then
 * deletes the pool.
 *
 * <p>For a person ({@link LineSource#interactive()}) the prompt is the {@link RemotePrompt}, asked after every line as
 * Enter-PSSession does. Without a person, nothing is asked and no prompt is shown.
 */
final class PowerShellEnter {
    /** Lines that leave the session without being sent. */
    private static final Pattern EXIT = Pattern.compile("(?i)\\s*(?:exit|exit-pssession)\\s*;?\\s*");
    private static final Duration PROMPT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMPLETE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LINE_TIMEOUT = Duration.ofDays(1);

    private final RunspacePool pool;
    private final LineSource source;
    private final String hostLabel;
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicBoolean leave;
    private boolean anyFailed;

    /**
     * @param pool      an opened pool whose host is {@link #host(LineSource, PrintStream, AtomicBoolean)}'s
     * @param hostLabel the host as the user named it, for the prompt
     * @param leave     set by the pool's host when the server asks to leave (PopRunspace)
     */
    PowerShellEnter(RunspacePool pool, LineSource source, String hostLabel, PrintStream out, PrintStream err,
            AtomicBoolean leave) {
        this.pool = pool;
        this.source = source;
        this.hostLabel = hostLabel;
        this.out = out;
        this.err = err;
        this.leave = leave;
    }

    /**
     * Tab completion from the remote runspace ({@link RunspacePool#complete}: TabExpansion2, as Enter-PSSession asks
     * it); nothing when the endpoint has none.
     */
    static LineCompleter completer(RunspacePool pool) {
        return (line, cursor) -> pool.complete(line, cursor, COMPLETE_TIMEOUT)
                .map(c -> new LineCompleter.Completions(c.replacementIndex(), c.replacementLength(),
                        c.matches().stream().map(m -> new LineCompleter.Candidate(m.completionText(),
                                m.listItemText().isEmpty() ? m.completionText() : m.listItemText(), m.toolTip()))
                                .toList()))
                .orElse(LineCompleter.Completions.NONE);
    }

    /**
     * The host of an interactive session: Read-Host reads the next line of {@code source}, Write-Host writes to
     * {@code out}, and a remote {@code Exit-PSSession} sets {@code leave}.
     */
    static PsHost host(LineSource source, PrintStream out, AtomicBoolean leave) {
        return new PsHost() {
            @Override
            public String readLine() {
                try {
                    String line = source.readLine("");
                    if (line == null) {
                        throw new IllegalStateException("the input ended before Read-Host got a line");
                    }
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read a line for Read-Host", e);
                }
            }

            @Override
            public void write(String text, boolean newLine) {
                out.print(newLine ? text + System.lineSeparator() : text);
                out.flush();
            }

            @Override
            public void popRunspace() {
                leave.set(true);
            }
        };
    }

    /**
     * Runs lines until the user leaves.
     *
     * @return 1 if any line's pipeline failed or wrote error records, else 0
     * @throws WinRmException if the pool breaks or the connection stays broken
     */
    int run() throws IOException {
        RemotePrompt remotePrompt = new RemotePrompt(hostLabel, r -> pool.invoke(r, PROMPT_TIMEOUT));
        String prompt = source.interactive() ? remotePrompt.next() : "";
        while (!leave.get()) {
            String line = source.readLine(prompt);
            if (line == null) {
                if (source.interactive()) {
                    out.println();
                }
                break;
            }
            if (line.isBlank()) {
                continue;
            }
            if (EXIT.matcher(line).matches()) {
                break;
            }
            runLine(line);
            if (source.interactive() && !leave.get()) {
                prompt = remotePrompt.next();
            }
        }
        return anyFailed ? ExitCodes.REMOTE_FAILURE : ExitCodes.OK;
    }

    private void runLine(String line) {
        PsConsoleListener console = new PsConsoleListener(out, err);
        Pipeline p = pool.start(PipelineRequest.script(line), console);
        AtomicBoolean interrupted = new AtomicBoolean();
        source.onInterrupt(() -> {
            interrupted.set(true);
            try {
                p.stop();
            } catch (WinRmException | IllegalStateException e) {
                // it ended meanwhile: nothing to stop
            }
        });
        PipelineResult r;
        try {
            r = p.await(LINE_TIMEOUT);
        } finally {
            source.onInterrupt(null);
        }
        if (interrupted.get()) {
            // the terminal echoed ^C: the next prompt starts on a line of its own
            out.println();
        }
        console.finish(r, interrupted.get());
        if (r.hadErrors() && !(interrupted.get() && r.state() == PipelineState.STOPPED && r.errorCount() == 0)) {
            anyFailed = true;
        }
    }
}
