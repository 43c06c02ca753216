package io.openwinrm.client;

import io.openwinrm.client.internal.WsmanChannel;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.SignalCode;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.util.List;
import java.util.OptionalInt;

/**
 * A command running in a remote {@link Shell} ([MS-WSMV] 3.1.4.11–3.1.4.14). Input and output may be used from two
 * threads at once (one sending, one receiving). {@link #close()} terminates the command if it is still running and
 * releases it on the server — except once its shell handle was disconnected: then the command keeps running on the
 * server and a later process re-attaches to it with {@link Shell#command(String)}.
 */
public final class Command implements AutoCloseable {

    private final Shell shell;
    private final WsmanChannel channel;
    private final String shellId;
    private final String commandId;
    private volatile boolean done;
    private volatile boolean inputClosed;
    private volatile boolean released;
    private volatile int exitCode = -1;

    Command(Shell shell, String commandId) {
        this.shell = shell;
        this.channel = shell.channel();
        this.shellId = shell.shellId();
        this.commandId = commandId;
    }

    public String commandId() {
        return commandId;
    }

    /**
     * Sends {@code data} to the command's standard input ([MS-WSMV] 3.1.4.13); {@code end} closes it. Large inputs
     * are split to fit the service's envelope size. Blocks while the command does not read: a Send the service
     * could not accept within the OperationTimeout (the TimedOut fault; nothing of it was taken) is sent again.
     *
     * @throws IllegalStateException if the shell handle was disconnected or closed
     */
    public void sendInput(byte[] data, boolean end) {
        shell.ensureOpen();
        if (inputClosed) {
            if (data.length == 0 && end) {
                return;
            }
            throw new IllegalStateException("standard input is already closed");
        }
        int chunk = channel.maxInputChunk();
        int off = 0;
        do {
            int n = Math.min(chunk, data.length - off);
            boolean last = off + n >= data.length;
            byte[] part = java.util.Arrays.copyOfRange(data, off, off + n);
            SendRequest send = new SendRequest(List.of(StreamData.owning(StreamNames.STDIN, commandId, part,
                    end && last)));
            while (!channel.send(shellId, send)) {
                shell.ensureOpen(); // not accepted in time (the command reads slower): the same input again
            }
            off += n;
        } while (off < data.length);
        if (end) {
            inputClosed = true;
        }
    }

    /**
     * One Receive round trip: returns what the service had, or an empty batch when it answered "no output yet"
     * (the OperationTimeout fault, which is not an error). Output is removed from the server's buffer once it was
     * sent in a reply, so a caller that must not lose output writes each batch out before asking for the next.
     *
     * @throws IllegalStateException if the shell handle was disconnected or closed (a receive pending while another
     *                               thread disconnects returns an empty batch first)
     */
    public Received receive() {
        if (done) {
            return new Received(List.of(), true, OptionalInt.of(exitCode));
        }
        shell.ensureOpen();
        ReceiveResponse r = channel.receive(shellId,
                new ReceiveRequest(commandId, List.of(StreamNames.STDOUT, StreamNames.STDERR)));
        if (r == null) {
            return new Received(List.of(), false, OptionalInt.empty());
        }
        CommandStateInfo st = r.commandState();
        boolean finished = st != null && st.state() == CommandState.DONE;
        OptionalInt code = finished ? st.exitCode() : OptionalInt.empty();
        if (finished) {
            exitCode = code.orElse(0);
            done = true;
        }
        return new Received(r.streams(), finished, code);
    }

    /** Receives until the command is done, passing output to {@code listener}; returns the exit code. */
    public int await(OutputListener listener) {
        while (!done) {
            Received r = receive();
            for (StreamData s : r.streams()) {
                if (s.length() > 0) {
                    listener.output(s.name(), s.sharedData()); // the response is this loop's alone
                }
            }
        }
        return exitCode;
    }

    /** Sends a signal: {@link SignalCode#CTRL_C}, {@link SignalCode#CTRL_BREAK} or {@link SignalCode#TERMINATE}. */
    public void signal(SignalCode code) {
        shell.ensureOpen();
        channel.call(WsmanAction.SIGNAL, shellId, OptionSet.EMPTY, new SignalRequest(commandId, code.uri()), null);
        if (code == SignalCode.TERMINATE) {
            released = true;
        }
    }

    /**
     * Resizes the pseudo-terminal of a command in a shell opened {@link ShellOptions#withPty with a PTY} (an OpenWinRM
     * Signal, {@link Pty#windowSizeSignal}); the server's kernel then sends SIGWINCH to the foreground job.
     *
     * @throws IllegalArgumentException if a dimension is outside 1–10000 (nothing is sent)
     * @throws WinRmFaultException      if the service refuses it (InvalidParameter on a service without PTYs)
     */
    public void resizeTerminal(int columns, int rows) {
        String code = Pty.windowSizeSignal(columns, rows);
        shell.ensureOpen();
        channel.call(WsmanAction.SIGNAL, shellId, OptionSet.EMPTY, new SignalRequest(commandId, code), null);
    }

    public boolean isDone() {
        return done;
    }

    /** The exit code once {@link #isDone()}. */
    public OptionalInt exitCode() {
        return done ? OptionalInt.of(exitCode) : OptionalInt.empty();
    }

    /**
     * Terminates the command if it is still running and releases it on the server. After Done no Signal is sent: the
     * service forgets a finished command when the next one starts (Windows clients send a terminate Signal anyway,
     * which costs a round trip per command). Nothing is sent once the shell handle was disconnected or closed: the
     * command then belongs to whoever takes the shell up again.
     */
    @Override
    public void close() {
        if (!released && !done && shell.state() == Shell.State.OPEN) {
            released = true;
            try {
                channel.call(WsmanAction.SIGNAL, shellId, OptionSet.EMPTY,
                        new SignalRequest(commandId, SignalCode.TERMINATE.uri()), null);
            } catch (WinRmFaultException e) {
                // the service already forgot the command (unknown CommandId): nothing left to release
            }
        }
    }

    /**
     * The result of one Receive.
     *
     * @param streams  output chunks in the order the service sent them
     * @param done     whether the command has finished (no more output follows)
     * @param exitCode the exit code when done
     */
    public record Received(List<StreamData> streams, boolean done, OptionalInt exitCode) {
    }
}
