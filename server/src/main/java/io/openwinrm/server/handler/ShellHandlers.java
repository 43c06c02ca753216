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
import java.util.List;
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

    /**
     * Adds the cmd shell operations to {@code builder}: Create, Command, Send, Receive, Signal, Delete, Disconnect,
     * Reconnect, Connect, Get and Enumerate on the cmd shell resource and on OpenWinRM's login shell resource
     * ({@link ResourceUris#LOGIN_SHELL}, same operations, stateful or PTY shells), and Get and Enumerate of shells
     * on the generic shell resource ({@link ResourceUris#SHELL}).
     */
    public WsmanDispatcher.Builder register(WsmanDispatcher.Builder builder) {
        GetShellHandler get = new GetShellHandler(this);
        EnumerateShellsHandler enumerate = new EnumerateShellsHandler(this);
        builder.route(WsmanAction.GET, ResourceUris.SHELL, get)
                .route(WsmanAction.ENUMERATE, ResourceUris.SHELL, enumerate);
        CreateShellHandler create = new CreateShellHandler(shells);
        CommandHandler command = new CommandHandler(this);
        SendHandler send = new SendHandler(this);
        ReceiveHandler receive = new ReceiveHandler(this);
        SignalHandler signal = new SignalHandler(this);
        DeleteShellHandler delete = new DeleteShellHandler(this);
        DisconnectHandler disconnect = new DisconnectHandler(this);
        ReconnectHandler reconnect = new ReconnectHandler(this);
        ConnectHandler connect = new ConnectHandler(this);
        for (String uri : List.of(ResourceUris.CMD_SHELL, ResourceUris.LOGIN_SHELL)) {
            builder.route(WsmanAction.CREATE, uri, create)
                    .route(WsmanAction.COMMAND, uri, command)
                    .route(WsmanAction.SEND, uri, send)
                    .route(WsmanAction.RECEIVE, uri, receive)
                    .route(WsmanAction.SIGNAL, uri, signal)
                    .route(WsmanAction.DELETE, uri, delete)
                    .route(WsmanAction.DISCONNECT, uri, disconnect)
                    .route(WsmanAction.RECONNECT, uri, reconnect)
                    .route(WsmanAction.CONNECT, uri, connect)
                    .route(WsmanAction.GET, uri, get)
                    .route(WsmanAction.ENUMERATE, uri, enumerate);
        }
        return builder;
    }

    ShellManager shells() {
        return shells;
    }

    Executor blocking() {
        return blocking;
    }

    /**
     * The shell named by the request's ShellId selector, owned by the caller and connected; marks it as used.
     *
     * @throws io.openwinrm.server.shell.ShellDisconnectedException if it is disconnected (checked before the use is
     *                                                              recorded, so rejected calls do not postpone its
     *                                                              idle reclaim)
     */
    Shell shell(RequestContext ctx) {
        Shell shell = shells.find(ctx.owner(), shellId(ctx));
        String action = ctx.header().action();
        shell.requireConnected(action.substring(action.lastIndexOf('/') + 1));
        shell.touch();
        return shell;
    }

    /** The ShellId selector, or the MissingSelectors fault. */
    static String shellId(RequestContext ctx) {
        return ctx.header().shellId().orElseThrow(() -> new WsmanFaultException(FaultKind.MISSING_SELECTORS,
                "The ShellId selector is missing. "));
    }

    /** The client's address as {@code rsp:ClientIP} reports it, or null. */
    static String clientIp(RequestContext ctx) {
        return ctx.remote() == null || ctx.remote().getAddress() == null ? null
                : ctx.remote().getAddress().getHostAddress();
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
