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
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.OpenShells;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.psrp.PowerShellEngines;
import io.openwinrm.server.psrp.PowerShellHandlers;
import io.openwinrm.server.psrp.PowerShellSession;
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
import java.util.function.Function;

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
    private final Optional<PowerShellHandlers> powershell;

    /** Single-user handlers: every shell on the built-in endpoints, as the server's own account. */
    public ShellHandlers(ShellManager shells, Executor blocking) {
        this(shells, blocking, new ShellContextFactory(AccessControl.singleUser().callers(), shells.launcher(),
                Optional.empty()));
    }

    /**
     * @param contexts prepares each new shell's run-as account, sandbox and command policy from its endpoint
     */
    public ShellHandlers(ShellManager shells, Executor blocking, ShellContexts contexts) {
        this(shells, blocking, contexts, Optional.empty());
    }

    /**
     * @param engines the engines of PowerShell shells by endpoint kind ({@link PowerShellEngines#defaults()}: the
     *                pwsh bridge for kind powershell)
     */
    public ShellHandlers(ShellManager shells, Executor blocking, ShellContexts contexts, PowerShellEngines engines) {
        this(shells, blocking, contexts, Optional.of(new PowerShellHandlers(shells, blocking, contexts, engines)));
    }

    private ShellHandlers(ShellManager shells, Executor blocking, ShellContexts contexts,
                          Optional<PowerShellHandlers> powershell) {
        this.shells = shells;
        this.blocking = blocking;
        this.contexts = contexts;
        this.powershell = powershell;
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
                .route(WsmanAction.ENUMERATE, ResourceUris.SHELL_COMMAND, enumerate)
                .route(WsmanAction.PULL, ResourceUris.SHELL_COMMAND, pull)
                .route(WsmanAction.RELEASE, ResourceUris.SHELL_COMMAND, release)
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
        PowerShellHandlers.ShellViews views = new PowerShellHandlers.ShellViews() {
            @Override
            public void created(Shell shell, RequestContext ctx) {
                locales.created(shell, ctx);
            }

            @Override
            public ShellInfo describe(Shell shell) {
                return ShellHandlers.this.describe(shell);
            }
        };
        return builder.routeEndpoints(WsmanAction.CREATE, byKind(create, ps -> ps.create(views)))
                .routeEndpoints(WsmanAction.COMMAND, byKind(command, PowerShellHandlers::command))
                .routeEndpoints(WsmanAction.SEND, byKind(send, PowerShellHandlers::send))
                .routeEndpoints(WsmanAction.RECEIVE, byKind(receive, PowerShellHandlers::receive))
                .routeEndpoints(WsmanAction.SIGNAL, byKind(signal, PowerShellHandlers::signal))
                .routeEndpoints(WsmanAction.DELETE, delete)
                .routeEndpoints(WsmanAction.DISCONNECT, disconnect)
                .routeEndpoints(WsmanAction.RECONNECT, reconnect)
                .routeEndpoints(WsmanAction.CONNECT, byKind(connect, ps -> ps.connect(views)))
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

    /**
     * {@code winrs} for WinRS shells, the PowerShell handler for requests {@link PowerShellEngines#serves} (decided by
     * the endpoint the URI selects, or for a shell whose endpoint was unregistered meanwhile, the shell's).
     */
    private ActionHandler byKind(ActionHandler winrs, Function<PowerShellHandlers, ActionHandler> ps) {
        if (powershell.isEmpty()) {
            return winrs;
        }
        PowerShellHandlers p = powershell.get();
        ActionHandler psrp = ps.apply(p);
        return (ctx, body) -> {
            Endpoint endpoint = ctx.endpoint().or(() -> ctx.header().shellId()
                    .flatMap(id -> shells.peek(ctx.owner(), id)).map(s -> s.context().endpoint())).orElse(null);
            return p.engines().serves(endpoint, ctx.header().resourceUri()) ? psrp.handle(ctx, body)
                    : winrs.handle(ctx, body);
        };
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
        Map<String, CommandInfo> present = new HashMap<>();
        commandInfos(shell.get()).forEach(c -> present.put(c.commandId(), c));
        return commandIds.stream().map(present::get).filter(Objects::nonNull).toList();
    }

    /** The shell's commands as enumeration items: its processes, or a PowerShell shell's pipelines. */
    static List<CommandInfo> commandInfos(Shell shell) {
        Optional<PowerShellSession> ps = shell.attachment(PowerShellSession.class);
        if (ps.isPresent()) {
            return ps.get().commands();
        }
        return shell.commands().stream().flatMap(c -> commandInfo(c).stream()).toList();
    }

    /** Whether {@code uri} is the generic shell resource (or its commands'), which reaches every shell. */
    static boolean generic(String uri) {
        return uri != null && (ResourceUris.SHELL.equalsIgnoreCase(uri.strip())
                || ResourceUris.SHELL_COMMAND.equalsIgnoreCase(uri.strip()));
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
        return resourceUri != null && (generic(resourceUri) || shell.context().endpoint().answers(resourceUri));
    }

    /** The ShellId selector, or the MissingSelectors fault. */
    static String shellId(RequestContext ctx) {
        return ctx.header().shellId().orElseThrow(() -> new WsmanFaultException(FaultKind.MISSING_SELECTORS,
                "The ShellId selector is missing. "));
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
