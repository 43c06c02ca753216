package io.openwinrm.server.handler;

import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.Shell;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Command ([MS-WSMV] 3.1.4.11): starts a process in the shell. The cmd shell runs {@code /bin/sh -c} with the command
 * line joined as Windows joins it for {@code cmd /c}; WINRS_SKIP_CMD_SHELL executes the program directly. In a login
 * shell the command line runs in the shell's interpreter; with a terminal an empty command line starts the login
 * shell interactively. The fork happens off the event loop.
 */
final class CommandHandler implements ActionHandler {

    private final ShellHandlers shared;

    CommandHandler(ShellHandlers shared) {
        this.shared = shared;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        CommandRequest cmd = ShellHandlers.expect(request, CommandRequest.class);
        boolean skipShell = ctx.header().options().getBoolean(ShellOption.WINRS_SKIP_CMD_SHELL, false);
        Shell shell = shared.shell(ctx);
        CommandSpec spec = new CommandSpec(cmd.commandId(), cmd.command(), cmd.arguments(), skipShell);
        return CompletableFuture.supplyAsync(() -> {
            RunningCommand started = shell.startCommand(spec);
            return new CommandResponse(started.id());
        }, shared.blocking());
    }
}
