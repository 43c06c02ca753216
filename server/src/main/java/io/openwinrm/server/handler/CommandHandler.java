package io.openwinrm.server.handler;

import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.Shell;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Command ([MS-WSMV] 3.1.4.11): starts a process in the shell. The cmd shell runs {@code /bin/sh -c} with the command
 * line joined as Windows joins it for {@code cmd /c}. In a login shell the command line runs in the shell's
 * interpreter; with a terminal an empty command line starts the login shell interactively. The fork happens off the
 * event loop.
 *
 * <p>Addressed to the WinRS cmd resource URI ({@link ResourceUris#CMD_SHELL}, what Windows clients send) the command
 * behaves as on Windows Server 2012 R2 and later: WINRS_SKIP_CMD_SHELL is ignored (note &lt;117&gt;), and a Command
 * while an earlier command of the shell is running or its Done not yet delivered is refused (note &lt;121&gt;). On
 * OpenWinRM's own resource URIs WINRS_SKIP_CMD_SHELL executes the program directly and commands may run concurrently
 * up to MaxProcessesPerShell.
 */
final class CommandHandler implements ActionHandler {

    private final ShellHandlers shared;

    CommandHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        CommandRequest cmd = ShellHandlers.expect(request, CommandRequest.class);
        boolean windowsCmd = ResourceUris.CMD_SHELL.equalsIgnoreCase(ctx.header().resourceUri());
        boolean skipShell = !windowsCmd
                && ctx.header().options().getBoolean(ShellOption.WINRS_SKIP_CMD_SHELL, false);
        Shell shell = shared.shell(ctx);
        CommandSpec spec = new CommandSpec(cmd.commandId(), cmd.command(), cmd.arguments(), skipShell);
        return CompletableFuture.supplyAsync(() -> {
            RunningCommand started = shell.startCommand(spec, windowsCmd);
            return new CommandResponse(started.id());
        }, shared.blocking());
    }
}
