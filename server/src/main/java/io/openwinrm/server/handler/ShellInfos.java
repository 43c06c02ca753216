package io.openwinrm.server.handler;

import io.openwinrm.protocol.shell.ConnectionState;
import io.openwinrm.protocol.shell.DroppedOutput;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.psrp.PowerShellSession;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Describes a shell as the {@code rsp:Shell} of Get and Enumerate responses ([MS-WSMV] 2.2.4.37), with every element
 * Windows writes (vectors {@code wsman-get-shell.response.xml}, {@code wsman-enumerate-shells.response.xml}).
 * WorkingDirectory is the Create request's, when it gave one (Windows echoes it); Locale and DataLocale are the
 * Create request's ({@link ShellLocales}). ProcessId and MemoryUsed are the shell's own processes'
 * ({@link ShellProcesses}): its supervisor or interpreter, never the server, and ProcessId is left out while a cmd
 * shell without a supervisor runs nothing. ProfileLoaded is {@code No}: no shell here loads a login profile (commands
 * run as {@code sh -c}; a login shell's interpreter is started without {@code -l}, its framing runs on the
 * interpreter's stdin and stdout, where a profile's output or reads would land), whatever WINRS_NOPROFILE says.
 * ChildProcesses counts the shell's running commands; MaxIdleTimeOut is the cap on a Disconnect's IdleTimeOut.
 * Output dropped in Drop mode is reported per command and stream as the {@code ow:DroppedOutput} extension.
 */
final class ShellInfos {

    private ShellInfos() {
    }

    /**
     * The endpoint's first URI; for a PowerShell shell its {@code http://schemas.microsoft.com/powershell/NAME}
     * one, as Get-PSSession keeps only shells whose ResourceUri starts so (psrp.md 1.1).
     */
    private static String resourceUri(Shell shell, boolean powershell) {
        List<String> uris = shell.context().endpoint().resourceUris();
        return uris.stream().filter(u -> powershell && Endpoint.isPowerShellUri(u)).findFirst().orElse(uris.get(0));
    }

    static ShellInfo of(Shell shell, ShellLimits limits, ShellLocales.Locales locales) {
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
        ShellInfo.Builder b = ShellInfo.builder(shell.id());
        ShellProcesses.processId(shell).ifPresent(b::processId);
        String workingDirectory = shell.spec().workingDirectory();
        Optional<PowerShellSession> powershell = shell.attachment(PowerShellSession.class);
        powershell.ifPresent(ps -> b.name(ps.name()));
        return b.resourceUri(resourceUri(shell, powershell.isPresent()))
                .owner(shell.owner())
                .clientIp(shell.clientAddress())
                .workingDirectory(workingDirectory == null || workingDirectory.isEmpty() ? null : workingDirectory)
                .idleTimeout(shell.idleTimeout())
                .inputStreams(shell.spec().inputStreams())
                .outputStreams(shell.spec().outputStreams())
                .maxIdleTimeout(limits.maxDisconnectedIdleTimeout())
                .locale(locales.locale())
                .dataLocale(locales.dataLocale())
                .compressionMode("NoCompression")
                .profileLoaded("No")
                .encoding("UTF8")
                .bufferMode(shell.bufferMode())
                .state(state == ShellState.DISCONNECTED ? ConnectionState.DISCONNECTED : ConnectionState.CONNECTED)
                .shellRunTime(shell.runTime())
                .shellInactivity(shell.inactivity())
                .memoryUsed(ShellProcesses.memoryUsed(shell))
                .childProcesses(running)
                .droppedOutput(dropped)
                .build();
    }
}
