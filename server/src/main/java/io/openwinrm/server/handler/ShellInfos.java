package io.openwinrm.server.handler;

import io.openwinrm.protocol.shell.ConnectionState;
import io.openwinrm.protocol.shell.DroppedOutput;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellState;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes a shell as the {@code rsp:Shell} of Get and Enumerate responses ([MS-WSMV] 2.2.4.37). Choices where a
 * Windows value has no counterpart: ProcessId is the server's own process (the host of every shell, as the plugin
 * host is on Windows); ProfileLoaded is always {@code No}; Locale, DataLocale and MemoryUsed are left out;
 * ChildProcesses counts the shell's running commands; MaxIdleTimeOut is the cap on a Disconnect's IdleTimeOut.
 * Output dropped in Drop mode is reported per command and stream as the {@code ow:DroppedOutput} extension.
 */
final class ShellInfos {

    private static final long SERVER_PID = ProcessHandle.current().pid();

    private ShellInfos() {
    }

    static ShellInfo of(Shell shell, ShellLimits limits) {
        List<RunningCommand> commands = shell.commands();
        List<DroppedOutput> dropped = new ArrayList<>();
        int running = 0;
        for (RunningCommand c : commands) {
            if (c.isProcessRunning()) {
                running++;
            }
            for (String stream : List.of(RunningCommand.STDOUT, RunningCommand.STDERR)) {
                long n = c.droppedBytes(stream);
                if (n > 0) {
                    dropped.add(new DroppedOutput(c.id(), stream, n));
                }
            }
        }
        ShellState state = shell.state();
        return ShellInfo.builder(shell.id())
                .resourceUri(shell.context().endpoint().resourceUris().get(0))
                .owner(shell.owner())
                .clientIp(shell.clientAddress())
                .processId(SERVER_PID)
                .idleTimeout(shell.idleTimeout())
                .inputStreams(shell.spec().inputStreams())
                .outputStreams(shell.spec().outputStreams())
                .maxIdleTimeout(limits.maxDisconnectedIdleTimeout())
                .compressionMode("NoCompression")
                .profileLoaded("No")
                .encoding("UTF8")
                .bufferMode(shell.bufferMode())
                .state(state == ShellState.DISCONNECTED ? ConnectionState.DISCONNECTED : ConnectionState.CONNECTED)
                .shellRunTime(shell.runTime())
                .shellInactivity(shell.inactivity())
                .childProcesses(running)
                .droppedOutput(dropped)
                .build();
    }
}
