package io.openwinrm.client;

import io.openwinrm.client.internal.WsmanChannel;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.BufferMode;
import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.ConnectResponse;
import io.openwinrm.protocol.shell.DeleteRequest;
import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.ReconnectRequest;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.wsman.Option;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A remote cmd shell ([MS-WSMV] 3.1.4.5). Thread-safe: several commands may run at once, each on its own connection.
 * {@link #close()} deletes the shell on the server, which ends every process still running in it — unless the shell
 * was {@link #disconnect() disconnected} first: then it stays on the server, its commands keep running, and any
 * process of the same user can take it up again with {@link WinRmClient#reconnectShell} or
 * {@link WinRmClient#connectShell} ([MS-WSMV] 3.1.4.15–3.1.4.17).
 *
 * <p>Lifecycle of this handle: {@code OPEN ─disconnect()─▶ DISCONNECTED}, {@code OPEN ─close()─▶ CLOSED}; a
 * disconnected handle runs nothing more, and closing it only releases its connections.
 */
public final class Shell implements AutoCloseable {

    /** The states of this handle (not of the server's shell, which {@link ShellInfo#state()} reports). */
    public enum State {
        /** Commands may be started and received. */
        OPEN,
        /** Disconnected by this handle; the shell lives on on the server. */
        DISCONNECTED,
        /** Deleted on the server (or released after a disconnect). */
        CLOSED
    }

    private final WsmanChannel channel;
    private final String shellId;
    private final ShellOptions options;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);

    private Shell(WsmanChannel channel, String shellId, ShellOptions options) {
        this.channel = channel;
        this.shellId = shellId;
        this.options = options;
    }

    /**
     * Create ([MS-WSMV] 3.1.4.5) with a client-chosen ShellId (an uppercase GUID, as PSRP clients send it), so that
     * the shell can be disconnected and found again by that id; with {@link ShellOptions#pty()} also the OpenWinRM
     * PTY options.
     */
    static Shell create(WsmanChannel channel, ShellOptions options) {
        String wanted = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        CreateShell body = new CreateShell(wanted, List.of(StreamNames.STDIN),
                List.of(StreamNames.STDOUT, StreamNames.STDERR), options.workingDirectory(), options.environment(),
                options.idleTimeout(), Optional.empty(), null);
        List<Option> list = new ArrayList<>(List.of(
                new Option(ShellOption.WINRS_NOPROFILE, options.noProfile() ? "TRUE" : "FALSE", false),
                new Option(ShellOption.WINRS_CODEPAGE, Integer.toString(options.codepage()), false)));
        options.pty().ifPresent(p -> list.addAll(List.of(new Option(ShellOption.OPENWINRM_PTY, "TRUE", false),
                new Option(ShellOption.OPENWINRM_PTY_COLUMNS, Integer.toString(p.columns()), false),
                new Option(ShellOption.OPENWINRM_PTY_ROWS, Integer.toString(p.rows()), false),
                new Option(ShellOption.OPENWINRM_TERM, p.term(), false))));
        OptionSet opts = new OptionSet(list);
        ShellCreated created = channel.call(WsmanAction.CREATE, null, opts, body, ShellCreated.class);
        if (created.shellId() == null || created.shellId().isBlank()) {
            throw new WinRmTransportException("the service created a shell but sent no ShellId");
        }
        return new Shell(channel, created.shellId(), options);
    }

    /** Reconnect ([MS-WSMV] 3.1.4.16): the same client takes up the shell it disconnected. */
    static Shell reconnect(WsmanChannel channel, String shellId) {
        channel.call(WsmanAction.RECONNECT, shellId, OptionSet.EMPTY, new ReconnectRequest(), null);
        return new Shell(channel, shellId, ShellOptions.DEFAULT);
    }

    /**
     * Connect ([MS-WSMV] 3.1.4.17): another client process takes up a disconnected shell. A cmd shell carries no
     * PSRP {@code connectXml}.
     */
    static Shell connect(WsmanChannel channel, String shellId) {
        channel.call(WsmanAction.CONNECT, shellId, OptionSet.EMPTY, new ConnectRequest(null), ConnectResponse.class);
        return new Shell(channel, shellId, ShellOptions.DEFAULT);
    }

    /** A handle on a shell that is already connected; nothing is sent. */
    static Shell attach(WsmanChannel channel, String shellId) {
        return new Shell(channel, shellId, ShellOptions.DEFAULT);
    }

    /** The server's identifier of this shell (an uppercase GUID). */
    public String shellId() {
        return shellId;
    }

    /**
     * The options this handle opened the shell with; {@link ShellOptions#DEFAULT} for a shell taken up by
     * reconnect, connect or attach (the server keeps the real ones).
     */
    public ShellOptions options() {
        return options;
    }

    /** The endpoint this shell lives on. */
    public Endpoint endpoint() {
        return channel.endpoint();
    }

    /**
     * Starts {@code command} with {@code arguments} through the shell's command processor ({@code /bin/sh -c} or
     * {@code cmd /c}, which join them with spaces) ([MS-WSMV] 3.1.4.11).
     */
    public Command execute(String command, List<String> arguments) {
        return execute(command, arguments, false);
    }

    /**
     * Starts a command; with {@code skipCmdShell} the program is executed directly with {@code arguments} as its
     * argument vector (WINRS_SKIP_CMD_SHELL). Windows Server 2012 R2 and later, and OpenWinRM on the WinRS cmd shell
     * URI, ignore that option ([MS-WSMV] note &lt;117&gt;); OpenWinRM honours it on its own resource URIs.
     */
    public Command execute(String command, List<String> arguments, boolean skipCmdShell) {
        Objects.requireNonNull(command, "command");
        ensureOpen();
        OptionSet opts = OptionSet.of(new Option(ShellOption.WINRS_CONSOLEMODE_STDIN, "TRUE", false),
                new Option(ShellOption.WINRS_SKIP_CMD_SHELL, skipCmdShell ? "TRUE" : "FALSE", false));
        CommandResponse r = channel.call(WsmanAction.COMMAND, shellId, opts,
                new CommandRequest(null, command, arguments), CommandResponse.class);
        return new Command(this, r.commandId());
    }

    /**
     * A handle on a command already started in this shell, e.g. by another process before the shell was
     * disconnected: its output produced meanwhile is what the next {@link Command#receive()} returns. Nothing is
     * sent; an unknown id surfaces as a {@link WinRmFaultException} at the first receive.
     */
    public Command command(String commandId) {
        Objects.requireNonNull(commandId, "commandId");
        if (commandId.isBlank()) {
            throw new IllegalArgumentException("empty command id");
        }
        ensureOpen();
        return new Command(this, commandId);
    }

    /** Runs a command to completion and collects its output. */
    public CommandResult run(String command, List<String> arguments) {
        try (Command c = execute(command, arguments)) {
            c.sendInput(new byte[0], true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = c.await((stream, data) -> (StreamNames.STDERR.equals(stream) ? err : out).writeBytes(data));
            return new CommandResult(out.toByteArray(), err.toByteArray(), exit);
        }
    }

    /** Disconnects with the server's default idle timeout and buffer mode. */
    public void disconnect() {
        disconnect(null, null);
    }

    /**
     * Disconnect ([MS-WSMV] 3.1.4.15): the shell stays on the server without a client, its commands keep running
     * and their output is buffered; after {@code idleTimeout} without a reconnect the server closes it. This handle
     * runs nothing more afterwards; {@link #close()} then only releases its connections. A receive another thread
     * has pending returns empty.
     *
     * @param idleTimeout how long the server keeps the disconnected shell, or null for its default
     * @param bufferMode  what a full output buffer does meanwhile ({@link BufferMode#BLOCK} pauses the command, the
     *                    default; {@link BufferMode#DROP} discards the oldest output), or null for the server's
     * @throws IllegalStateException if this handle is already disconnected or closed
     */
    public void disconnect(Duration idleTimeout, BufferMode bufferMode) {
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("idle timeout must be positive");
        }
        if (!state.compareAndSet(State.OPEN, State.DISCONNECTED)) {
            throw new IllegalStateException("shell " + shellId + " is " + state.get().name().toLowerCase(Locale.ROOT));
        }
        try {
            channel.call(WsmanAction.DISCONNECT, shellId, OptionSet.EMPTY,
                    new DisconnectRequest(Optional.ofNullable(idleTimeout), Optional.ofNullable(bufferMode)), null);
        } catch (RuntimeException e) {
            state.compareAndSet(State.DISCONNECTED, State.OPEN);
            throw e;
        }
    }

    /**
     * Releases this handle's connections and leaves the shell on the server as it is, connected or disconnected, for
     * another handle ({@link WinRmClient#attachShell}, {@link WinRmClient#connectShell}) to use. Idempotent.
     */
    public void detach() {
        if (state.getAndSet(State.CLOSED) != State.CLOSED) {
            channel.close();
        }
    }

    /** The state of this handle. */
    public State state() {
        return state.get();
    }

    WsmanChannel channel() {
        return channel;
    }

    void ensureOpen() {
        State s = state.get();
        if (s != State.OPEN) {
            throw new IllegalStateException("shell " + shellId + " is " + s.name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Deletes the shell on the server ([MS-WSMV] 3.1.4.6) and closes its connections; after {@link #disconnect()}
     * only the connections are closed and the shell stays on the server. Idempotent.
     */
    @Override
    public void close() {
        State was = state.getAndSet(State.CLOSED);
        if (was == State.CLOSED) {
            return;
        }
        try {
            if (was == State.OPEN) {
                channel.call(WsmanAction.DELETE, shellId, OptionSet.EMPTY, new DeleteRequest(), null);
            }
        } finally {
            channel.close();
        }
    }
}
