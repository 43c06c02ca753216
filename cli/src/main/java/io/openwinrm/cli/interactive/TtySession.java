package io.openwinrm.cli.interactive;

import io.openwinrm.client.Command;
import io.openwinrm.client.Shell;
import io.openwinrm.client.WinRmException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingInputStream;

/**
 * The local terminal attached to the remote interactive login shell running under a PTY (a shell opened with
 * {@code withPty}): the local terminal is put in raw mode, every input byte goes to the remote terminal via Send
 * ([MS-WSMV] 3.1.4.13) — Ctrl-C is just the byte 0x03 for the remote line discipline — every output byte comes back
 * via Receive ([MS-WSMV] 3.1.4.14), and local window-size changes (SIGWINCH) become the OpenWinRM window-size
 * Signal. The terminal is restored when the remote shell exits or anything fails.
 */
public final class TtySession {

    /** How long the input pump waits for more bytes of a burst (a paste, an escape sequence) before sending. */
    private static final long COALESCE_MS = 5;
    private static final int MAX_SEND = 16 * 1024;

    private final Terminal terminal;
    private final Shell shell;

    public TtySession(Terminal terminal, Shell shell) {
        this.terminal = terminal;
        this.shell = shell;
    }

    /** The size to open the remote PTY with: the local terminal's, or 80x24 if it reports none. */
    public static Size initialSize(Terminal terminal) {
        Size s = terminal.getSize();
        return s == null || s.getColumns() < 1 || s.getRows() < 1 ? new Size(80, 24) : s;
    }

    /**
     * Starts the remote login shell (an empty command line) and forwards until it exits.
     *
     * @return the remote shell's exit code
     */
    public int run() {
        Attributes saved = terminal.getAttributes();
        // keystrokes and resizes go out one at a time in the order they happened, so that what is typed after a
        // resize reaches a remote program that already sees the new size
        ExecutorService toRemote = Executors.newSingleThreadExecutor(r -> daemon(r, "openwinrm-tty-send"));
        try (Command cmd = shell.execute("", List.of())) {
            terminal.setAttributes(raw(saved));
            terminal.handle(Terminal.Signal.WINCH, s -> toRemote.execute(() -> resize(cmd)));
            Thread pump = daemon(() -> pumpInput(cmd, toRemote), "openwinrm-tty-input");
            pump.start();
            OutputStream screen = terminal.output();
            return Receiver.drain(cmd, (stream, data) -> write(screen, data));
        } finally {
            terminal.handle(Terminal.Signal.WINCH, Terminal.SignalHandler.SIG_DFL);
            toRemote.shutdownNow();
            terminal.setAttributes(saved);
            terminal.flush();
        }
    }

    /** cfmakeraw(3): no echo, no line editing, no signals, no CR/NL translation, 8-bit clean. */
    static Attributes raw(Attributes cooked) {
        Attributes a = new Attributes(cooked);
        a.setLocalFlags(EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ECHOE, LocalFlag.ECHOK,
                LocalFlag.ECHONL, LocalFlag.ISIG, LocalFlag.IEXTEN), false);
        a.setInputFlags(EnumSet.of(InputFlag.IGNBRK, InputFlag.BRKINT, InputFlag.PARMRK, InputFlag.ISTRIP,
                InputFlag.INLCR, InputFlag.IGNCR, InputFlag.ICRNL, InputFlag.IXON), false);
        a.setOutputFlag(OutputFlag.OPOST, false);
        a.setControlChar(ControlChar.VMIN, 1);
        a.setControlChar(ControlChar.VTIME, 0);
        return a;
    }

    private void resize(Command cmd) {
        Size s = terminal.getSize();
        if (s == null || s.getColumns() < 1 || s.getRows() < 1 || cmd.isDone()) {
            return;
        }
        try {
            cmd.resizeTerminal(s.getColumns(), s.getRows());
        } catch (WinRmException | IllegalArgumentException | IllegalStateException e) {
            // the shell is ending, or the size is out of range: the remote terminal keeps its size
        }
    }

    /** Local keystrokes to the remote terminal, in bursts; ends with the command or the local input. */
    private void pumpInput(Command cmd, ExecutorService toRemote) {
        NonBlockingInputStream in = (NonBlockingInputStream) terminal.input();
        byte[] buf = new byte[MAX_SEND];
        try {
            while (!cmd.isDone()) {
                int c = in.read(0L);
                if (c < 0) {
                    break;
                }
                int n = 0;
                buf[n++] = (byte) c;
                while (n < buf.length && (c = in.read(COALESCE_MS)) >= 0) {
                    buf[n++] = (byte) c;
                }
                byte[] keys = Arrays.copyOf(buf, n);
                toRemote.execute(() -> send(cmd, keys));
            }
        } catch (IOException | RejectedExecutionException e) {
            // the local terminal closed, or the session is over
        }
    }

    private static void send(Command cmd, byte[] keys) {
        if (cmd.isDone()) {
            return;
        }
        try {
            cmd.sendInput(keys, false);
        } catch (WinRmException | IllegalStateException e) {
            // the remote shell ended meanwhile: the receiving side reports what matters
        }
    }

    private static void write(OutputStream screen, byte[] data) {
        try {
            screen.write(data);
            screen.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the terminal", e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
