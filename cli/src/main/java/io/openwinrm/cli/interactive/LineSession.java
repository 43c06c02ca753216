package io.openwinrm.cli.interactive;

import io.openwinrm.client.Command;
import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Shell;
import io.openwinrm.client.WinRmException;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.shell.SignalCode;
import io.openwinrm.protocol.shell.StreamNames;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line-by-line session on a stateful remote shell (OpenWinRM's login-shell resource): each line is one WinRS
 * Command ([MS-WSMV] 3.1.4.11) that the shell's single interpreter runs, so {@code cd} and variables persist; its
 * stdout and stderr are written as they arrive ([MS-WSMV] 3.1.4.14). Ctrl-C while a line runs sends the ctrl_c Signal
 * ([MS-WSMV] 3.1.4.12; a third press sends terminate) and the session goes on. {@code exit [N]} or the end of input
 * ends the session; the caller then deletes the shell.
 *
 * <p>For a person ({@link LineSource#interactive()}) a prompt shows the remote working directory, refreshed after each
 * line by a silent {@code command pwd} that also restores the interpreter's {@code $?}.
 *
 * <p>States: {@code RUNNING ─exit/end of input─▶ LEFT}, {@code RUNNING ─the interpreter exited─▶ ENDED} (the service
 * closed the shell: there is nothing left to delete).
 */
public final class LineSession {

    /** How a session ended. */
    public enum State {
        /** Reading and running lines. */
        RUNNING,
        /** The user left ({@code exit}, Ctrl-D, end of input); the shell still exists. */
        LEFT,
        /** The remote interpreter exited and the service closed the shell. */
        ENDED
    }

    private static final Pattern EXIT = Pattern.compile("\\s*exit(?:\\s+(\\d{1,9}))?\\s*;?\\s*");
    /** Presses of Ctrl-C during one command before terminate is sent instead of ctrl_c. */
    private static final int CTRL_C_BEFORE_TERMINATE = 2;

    private final Shell shell;
    private final LineSource source;
    private final OutputStream out;
    private final OutputStream err;
    private Prompt prompt;
    private int lastExit;
    private State state = State.RUNNING;

    /**
     * @param prompt user and host for the prompt (its directories are filled in here)
     * @param out    where the commands' stdout goes
     * @param err    where their stderr and this session's own notices go
     */
    public LineSession(Shell shell, LineSource source, Prompt prompt, OutputStream out, OutputStream err) {
        this.shell = shell;
        this.source = source;
        this.prompt = prompt;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs lines until the user leaves or the remote interpreter ends.
     *
     * @return the exit code of {@code exit N}, else that of the last command (0 if none ran)
     * @throws WinRmException on a connection that stays broken, or a fault that is not the end of the shell
     */
    public int run() throws IOException {
        try {
            if (source.interactive()) {
                locate();
            }
            while (true) {
                String line = source.readLine(prompt.render());
                if (line == null) {
                    if (source.interactive()) {
                        write(out, System.lineSeparator().getBytes(StandardCharsets.UTF_8));
                    }
                    state = State.LEFT;
                    return lastExit;
                }
                if (line.isBlank()) {
                    continue;
                }
                Matcher exit = EXIT.matcher(line);
                if (exit.matches()) {
                    state = State.LEFT;
                    return exit.group(1) == null ? lastExit : (int) (Long.parseLong(exit.group(1)) & 0xff);
                }
                lastExit = execute(line);
                if (source.interactive()) {
                    refreshCwd();
                }
            }
        } catch (WinRmFaultException e) {
            if (e.fault().kind().orElse(null) != FaultKind.UNKNOWN_SHELL) {
                throw e;
            }
            state = State.ENDED;
            notice("the remote shell has ended");
            return lastExit;
        }
    }

    /** {@link State#ENDED} once the remote interpreter is gone, {@link State#LEFT} when the user left. */
    public State state() {
        return state;
    }

    private int execute(String line) {
        try (Command cmd = shell.execute(line, List.of())) {
            cmd.sendInput(new byte[0], true);
            AtomicInteger presses = new AtomicInteger();
            source.onInterrupt(() -> interrupt(cmd, presses.incrementAndGet()));
            int exit;
            try {
                exit = Receiver.drain(cmd, (stream, data) -> write(StreamNames.STDERR.equals(stream) ? err : out,
                        data));
            } finally {
                source.onInterrupt(null);
            }
            if (presses.get() > 0) {
                // the terminal echoed ^C: start the prompt on a line of its own, as shells do
                write(out, System.lineSeparator().getBytes(StandardCharsets.UTF_8));
            }
            return exit;
        }
    }

    /** Runs on the signal thread: the running command is interrupted, not this session. */
    private static void interrupt(Command cmd, int press) {
        try {
            cmd.signal(press > CTRL_C_BEFORE_TERMINATE ? SignalCode.TERMINATE : SignalCode.CTRL_C);
        } catch (WinRmException | IllegalStateException e) {
            // the command finished meanwhile: nothing to interrupt
        }
    }

    /** The remote home and working directory, for the prompt. */
    private void locate() {
        CommandResult r = shell.run("command printf '%s\\n%s\\n' \"$HOME\" \"$PWD\"", List.of());
        String[] lines = r.stdoutText().split("\n", -1);
        if (lines.length >= 2 && lines[1].startsWith("/")) {
            prompt = new Prompt(prompt.user(), prompt.host(), lines[0].isEmpty() ? null : lines[0], lines[1]);
        }
    }

    /** {@code pwd} in the interpreter, then {@code (exit N)} so that the user's next {@code $?} is still N. */
    private void refreshCwd() {
        CommandResult r = shell.run("command pwd; (exit " + (lastExit & 0xff) + ")", List.of());
        String dir = r.stdoutText();
        if (dir.endsWith("\n")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        if (dir.startsWith("/") && dir.indexOf('\n') < 0) {
            prompt = prompt.in(dir);
        }
    }

    private void notice(String text) {
        write(err, ("openwinrm: " + text + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
    }

    private static void write(OutputStream target, byte[] data) {
        try {
            target.write(data);
            target.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write output", e);
        }
    }
}
