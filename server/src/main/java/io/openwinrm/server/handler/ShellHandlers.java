package io.openwinrm.server.handler;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellManager;
import java.util.concurrent.Executor;

/**
 * Registers the cmd shell's handlers in a dispatcher and holds what they share: the shell manager and an executor for
 * the few operations that block (starting a process, killing and reaping on Delete).
 */
public final class ShellHandlers {

    private final ShellManager shells;
    private final Executor blocking;

    public ShellHandlers(ShellManager shells, Executor blocking) {
        this.shells = shells;
        this.blocking = blocking;
    }

    /** Adds the six cmd shell operations to {@code builder}. */
    public WsmanDispatcher.Builder register(WsmanDispatcher.Builder builder) {
        String cmd = ResourceUris.CMD_SHELL;
        return builder.route(WsmanAction.CREATE, cmd, new CreateShellHandler(shells))
                .route(WsmanAction.COMMAND, cmd, new CommandHandler(this))
                .route(WsmanAction.SEND, cmd, new SendHandler(this))
                .route(WsmanAction.RECEIVE, cmd, new ReceiveHandler(this))
                .route(WsmanAction.SIGNAL, cmd, new SignalHandler(this))
                .route(WsmanAction.DELETE, cmd, new DeleteShellHandler(this));
    }

    ShellManager shells() {
        return shells;
    }

    Executor blocking() {
        return blocking;
    }

    /** The shell named by the request's ShellId selector, owned by the caller. */
    Shell shell(RequestContext ctx) {
        String id = ctx.header().shellId().orElseThrow(() -> new WsmanFaultException(FaultKind.MISSING_SELECTORS,
                "The ShellId selector is missing. "));
        return shells.get(ctx.owner(), id);
    }

    /** Casts the decoded body to what this operation requires, or a schema fault naming what was found. */
    static <T extends Body> T expect(Body body, Class<T> type) {
        if (!type.isInstance(body)) {
            throw new WsmanFaultException(FaultKind.SCHEMA_VALIDATION, "Expected " + type.getSimpleName()
                    + " in the body, found " + body.getClass().getSimpleName() + ". ");
        }
        return type.cast(body);
    }
}
