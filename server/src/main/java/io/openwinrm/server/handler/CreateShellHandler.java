package io.openwinrm.server.handler;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.shell.ShellSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Create ([MS-WSMV] 3.1.4.5.2): a new cmd shell for the caller; no process starts until a Command. */
final class CreateShellHandler implements ActionHandler {

    private final ShellManager shells;

    CreateShellHandler(ShellManager shells) {
        this.shells = shells;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        CreateShell create = ShellHandlers.expect(request, CreateShell.class);
        OptionSet options = ctx.header().options();
        int codepage = codepage(options);
        boolean noProfile = options.getBoolean(ShellOption.WINRS_NOPROFILE, false);
        List<String> in = create.inputStreams().isEmpty() ? List.of(StreamNames.STDIN) : create.inputStreams();
        List<String> out = create.outputStreams().isEmpty() ? List.of(StreamNames.STDOUT, StreamNames.STDERR)
                : create.outputStreams();
        ShellSpec spec = new ShellSpec(create.shellId(), create.workingDirectory(), create.environment(),
                create.idleTimeout(), codepage, noProfile, in, out);
        Shell shell = shells.create(ctx.owner(), spec);
        shell.clientAddress(ShellHandlers.clientIp(ctx));
        String address = ctx.header().to() != null ? ctx.header().to() : "";
        return CompletableFuture.completedFuture(new ShellCreated(shell.id(), ctx.header().resourceUri(), address,
                ctx.owner(), shell.clientAddress(),
                Optional.of(shell.idleTimeout()), in, out));
    }

    private static int codepage(OptionSet options) {
        Optional<String> value = options.get(ShellOption.WINRS_CODEPAGE);
        if (value.isEmpty()) {
            return ShellSpec.UTF_8_CODEPAGE;
        }
        try {
            return Integer.parseInt(value.get().strip());
        } catch (NumberFormatException e) {
            throw new WsmanFaultException(FaultKind.INVALID_OPTIONS, "WINRS_CODEPAGE must be a number, not '"
                    + value.get() + "'. ");
        }
    }
}
