package io.openwinrm.client;

import io.openwinrm.client.internal.WsmanChannel;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DeleteRequest;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.wsman.Option;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A remote cmd shell ([MS-WSMV] 3.1.4.5). Thread-safe: several commands may run at once, each on its own connection.
 * {@link #close()} deletes the shell on the server, which ends every process still running in it.
 */
public final class Shell implements AutoCloseable {

    private final WsmanChannel channel;
    private final String shellId;
    private final ShellOptions options;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Shell(WsmanChannel channel, String shellId, ShellOptions options) {
        this.channel = channel;
        this.shellId = shellId;
        this.options = options;
    }

    static Shell create(WsmanChannel channel, ShellOptions options) {
        CreateShell body = new CreateShell(null, List.of(StreamNames.STDIN),
                List.of(StreamNames.STDOUT, StreamNames.STDERR), options.workingDirectory(), options.environment(),
                options.idleTimeout(), java.util.Optional.empty(), null);
        OptionSet opts = OptionSet.of(new Option(ShellOption.WINRS_NOPROFILE, options.noProfile() ? "TRUE" : "FALSE",
                false), new Option(ShellOption.WINRS_CODEPAGE, Integer.toString(options.codepage()), false));
        ShellCreated created = channel.call(WsmanAction.CREATE, null, opts, body, ShellCreated.class);
        if (created.shellId() == null || created.shellId().isBlank()) {
            throw new WinRmTransportException("the service created a shell but sent no ShellId");
        }
        return new Shell(channel, created.shellId(), options);
    }

    /** The server's identifier of this shell (an uppercase GUID). */
    public String shellId() {
        return shellId;
    }

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
     * argument vector (WINRS_SKIP_CMD_SHELL).
     */
    public Command execute(String command, List<String> arguments, boolean skipCmdShell) {
        Objects.requireNonNull(command, "command");
        ensureOpen();
        OptionSet opts = OptionSet.of(new Option(ShellOption.WINRS_CONSOLEMODE_STDIN, "TRUE", false),
                new Option(ShellOption.WINRS_SKIP_CMD_SHELL, skipCmdShell ? "TRUE" : "FALSE", false));
        CommandResponse r = channel.call(WsmanAction.COMMAND, shellId, opts,
                new CommandRequest(null, command, arguments), CommandResponse.class);
        return new Command(channel, shellId, r.commandId());
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

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("shell " + shellId + " is closed");
        }
    }

    /** Deletes the shell on the server and closes its connections. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                channel.call(WsmanAction.DELETE, shellId, OptionSet.EMPTY, new DeleteRequest(), null);
            } finally {
                channel.close();
            }
        }
    }
}
