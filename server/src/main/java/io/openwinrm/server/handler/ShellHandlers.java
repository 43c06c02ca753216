package io.openwinrm.server.handler;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandInfo;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.dispatch.OpenShells;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellContextFactory;
import io.openwinrm.server.shell.ShellContexts;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.shell.ShellNotFoundException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Registers the cmd shell's handlers in a dispatcher and holds what they share: the shell manager and an executor for
 * the few operations that block (starting a process, killing and reaping on Delete).
 */
public final class ShellHandlers {

    /** The most items one Enumerate or Pull response carries (MaxBatchItems, Windows' default). */
    public static final int MAX_BATCH_ITEMS = EnumerateShellsHandler.MAX_BATCH_ITEMS;
    /** How long an enumeration context lives unused (EnumerationTimeoutms, Windows' default). */
    public static final Duration ENUMERATION_TIMEOUT = Enumerations.DEFAULT_TIMEOUT;

    private final ShellManager shells;
    private final Executor blocking;
    private final ShellContexts contexts;
    private final Enumerations enumerations = new Enumerations();
    private final ShellLocales locales = new ShellLocales();

    /** Single-user handlers: every shell on the built-in endpoints, as the server's own account. */
    public ShellHandlers(ShellManager shells, Executor blocking) {
        this(shells, blocking, new ShellContextFactory(AccessControl.singleUser().callers(), shells.launcher(),
                Optional.empty()));
    }

    /**
     * @param contexts prepares each new shell's run-as account, sandbox and command policy from its endpoint
     */
    public ShellHandlers(ShellManager shells, Executor blocking, ShellContexts contexts) {
        this.shells = shells;
        this.blocking = blocking;
        this.contexts = contexts;
    }

    /**
     * Adds the shell operations to {@code builder}: Create, Command, Send, Receive, Signal, Delete, Disconnect,
     * Reconnect, Connect, Get, Enumerate, Pull and Release on every endpoint's resource URIs (the cmd shell URI is
     * the default endpoint's; the endpoint's kind decides cmd, login or restricted semantics), and Get, Enumerate,
     * Pull and Release of shells on the generic shell resource ({@link ResourceUris#SHELL}).
     */
    public WsmanDispatcher.Builder register(WsmanDispatcher.Builder builder) {
        GetShellHandler get = new GetShellHandler(this);
        EnumerateShellsHandler enumerate = new EnumerateShellsHandler(this);
        PullShellsHandler pull = new PullShellsHandler(this);
        ReleaseEnumerationHandler release = new ReleaseEnumerationHandler(this);
        builder.route(WsmanAction.GET, ResourceUris.SHELL, get)
                .route(WsmanAction.ENUMERATE, ResourceUris.SHELL, enumerate)
                .route(WsmanAction.PULL, ResourceUris.SHELL, pull)
                .route(WsmanAction.RELEASE, ResourceUris.SHELL, release);
        CreateShellHandler create = new CreateShellHandler(shells, contexts, blocking, locales);
        CommandHandler command = new CommandHandler(this);
        SendHandler send = new SendHandler(this);
        ReceiveHandler receive = new ReceiveHandler(this);
        SignalHandler signal = new SignalHandler(this);
        DeleteShellHandler delete = new DeleteShellHandler(this);
        DisconnectHandler disconnect = new DisconnectHandler(this);
        ReconnectHandler reconnect = new ReconnectHandler(this);
        ConnectHandler connect = new ConnectHandler(this);
        return builder.routeEndpoints(WsmanAction.CREATE, create)
                .routeEndpoints(WsmanAction.COMMAND, command)
                .routeEndpoints(WsmanAction.SEND, send)
                .routeEndpoints(WsmanAction.RECEIVE, receive)
                .routeEndpoints(WsmanAction.SIGNAL, signal)
                .routeEndpoints(WsmanAction.DELETE, delete)
                .routeEndpoints(WsmanAction.DISCONNECT, disconnect)
                .routeEndpoints(WsmanAction.RECONNECT, reconnect)
                .routeEndpoints(WsmanAction.CONNECT, connect)
                .routeEndpoints(WsmanAction.GET, get)
                .routeEndpoints(WsmanAction.ENUMERATE, enumerate)
                .routeEndpoints(WsmanAction.PULL, pull)
                .routeEndpoints(WsmanAction.RELEASE, release)
                .openShells(new OpenShells() {
                    @Override
                    public boolean anyAnswers(String owner, String resourceUri) {
                        return shells.anyShellAnswers(owner, resourceUri);
                    }

                    @Override
                    public Optional<Endpoint> endpointOf(String owner, String shellId) {
                        return shells.peek(owner, shellId).map(shell -> shell.context().endpoint());
                    }
                });
    }

    ShellManager shells() {
        return shells;
    }

    Executor blocking() {
        return blocking;
    }

    Enumerations enumerations() {
        return enumerations;
    }

    /**
     * The commands among {@code commandIds} still present in the caller's shell {@code shellId} (none when the shell
     * is closed or not reachable on the request's URI), as items of a command enumeration ([MS-WSMV] 3.1.4.8.2).
     */
    List<CommandInfo> describeCommands(RequestContext ctx, String shellId, List<String> commandIds) {
        Optional<Shell> shell = shells.peek(ctx.owner(), shellId)
                .filter(s -> reachable(s, ctx.header().resourceUri()));
        if (shell.isEmpty()) {
            return List.of();
        }
        Map<String, RunningCommand> present = new HashMap<>();
        shell.get().commands().forEach(c -> present.put(c.id(), c));
        return commandIds.stream().map(present::get).filter(Objects::nonNull)
                .flatMap(c -> commandInfo(c).stream()).toList();
    }

    /** A command as an enumeration item; empty once it is gone (Done delivered, or removed). */
    static Optional<CommandInfo> commandInfo(RunningCommand c) {
        return switch (c.state()) {
            case PENDING -> Optional.of(new CommandInfo(c.id(), CommandState.PENDING));
            case RUNNING -> Optional.of(new CommandInfo(c.id(), CommandState.RUNNING));
            case DONE -> Optional.of(new CommandInfo(c.id(), CommandState.DONE));
            case DELIVERED, REMOVED -> Optional.empty();
        };
    }

    /** The caller's shells among {@code shellIds} that are still open and reachable on the request's URI. */
    List<ShellInfo> describe(RequestContext ctx, List<String> shellIds) {
        return shellIds.stream()
                .flatMap(id -> shells.peek(ctx.owner(), id).stream())
                .filter(shell -> reachable(shell, ctx.header().resourceUri()))
                .map(this::describe)
                .toList();
    }

    /** The shell as the rsp:Shell of a Get or Enumerate response. */
    ShellInfo describe(Shell shell) {
        return ShellInfos.of(shell, shells.limits(), locales.of(shell));
    }

    /**
     * The shell named by the request's ShellId selector, owned by the caller and connected; marks it as used.
     *
     * @throws io.openwinrm.server.shell.ShellDisconnectedException if it is disconnected (checked before the use is
     *                                                              recorded, so rejected calls do not postpone its
     *                                                              idle reclaim)
     */
    Shell shell(RequestContext ctx) {
        Shell shell = find(ctx);
        String action = ctx.header().action();
        shell.requireConnected(action.substring(action.lastIndexOf('/') + 1));
        shell.touch();
        return shell;
    }

    /**
     * The caller's shell named by the request's ShellId selector, in any state, without marking it as used; only
     * through its own endpoint's resource URIs or the generic shell resource (the dispatcher's rule, checked again
     * here where the shell is used).
     *
     * @throws ShellNotFoundException if the caller has no such shell, or names it through another endpoint's URI
     */
    Shell find(RequestContext ctx) {
        String id = shellId(ctx);
        Shell shell = shells.find(ctx.owner(), id);
        if (!reachable(shell, ctx.header().resourceUri())) {
            throw new ShellNotFoundException(id);
        }
        return shell;
    }

    /** Whether a request on {@code resourceUri} may address {@code shell}. */
    static boolean reachable(Shell shell, String resourceUri) {
        return resourceUri != null && (ResourceUris.SHELL.equalsIgnoreCase(resourceUri.strip())
                || shell.context().endpoint().answers(resourceUri));
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
