package io.openwinrm.server.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.Principal;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DeleteRequest;
import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.EmptyBody;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.audit.AuditRecord;
import io.openwinrm.server.audit.AuditTrail;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.dispatch.DispatchSettings;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.server.identity.ServerAccount;
import io.openwinrm.server.shell.ShellContextFactory;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.testing.JdkProcessLauncher;
import io.openwinrm.server.testing.MutableRegistry;
import io.openwinrm.transport.server.WsmanHttpRequest;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which shell a request reaches, through the dispatcher with real processes: shells are keyed by (owner, ShellId),
 * an existing shell is reachable only through its own endpoint's URIs (anything else is an unknown shell), and
 * Connect is decided on the shell's own endpoint as registered now (issue 9, findings 8 and 9).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShellAddressingTest {

    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final String TO = "http://127.0.0.1:5985/wsman";
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50001);
    private static final String CHOSEN = "C0FFEE00-1111-4222-8333-444455556666";
    private static final String UNKNOWN = "0DDBA11F-0000-4000-8000-000000000000";

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final Endpoint cmd = Endpoint.defaultShell();
    private final Endpoint lim = new Endpoint("lim", "limited", Endpoint.uris("lim"), EndpointKind.SHELL,
            AccessList.DEFAULT, new RunAs.Caller(), ResourceLimits.NONE, Optional.empty(), RoleDefinitions.NONE,
            Map.of());
    private final String limUri = Endpoint.uris("lim").get(0);
    private final MutableRegistry registry = new MutableRegistry(cmd, lim);
    private ShellManager manager;
    private WsmanDispatcher dispatcher;

    @BeforeEach
    void start() {
        manager = ShellManager.builder(new JdkProcessLauncher(), scheduler).limits(ShellLimits.DEFAULTS).build();
        CallerResolver callers = new CallerResolver(new ServerAccount(), IsolationMode.OFF);
        AccessControl access = new AccessControl(registry, callers, Optional.empty(), audit::add);
        dispatcher = new ShellHandlers(manager, blocking, new ShellContextFactory(callers, manager.launcher(),
                Optional.empty())).register(WsmanDispatcher.builder(new DispatchSettings(
                        DispatchSettings.DEFAULT_MAX_ENVELOPE_SIZE, DispatchSettings.DEFAULT_MAX_TIMEOUT, "test",
                        List.of())).access(access, new AuditTrail(audit::add, "server"))).build();
    }

    @AfterEach
    void stop() {
        manager.close();
        scheduler.shutdownNow();
        blocking.shutdownNow();
    }

    @Test
    void twoUsersChooseTheSameShellIdAndNeitherLearnsOfTheOther() throws Exception {
        String alices = created(call("alice", header(WsmanAction.CREATE, cmd.resourceUris().get(0), null),
                create(CHOSEN)));
        String bobs = created(call("bob", header(WsmanAction.CREATE, cmd.resourceUris().get(0), null),
                create(CHOSEN.toLowerCase())));
        assertThat(alices).isEqualTo(bobs).isEqualTo(CHOSEN);
        assertThat(run("alice", ResourceUris.CMD_SHELL, CHOSEN, "echo alice")).isEqualTo("alice\n");
        assertThat(run("bob", ResourceUris.CMD_SHELL, CHOSEN, "echo bob")).isEqualTo("bob\n");
        assertThat(enumerate("bob", ResourceUris.SHELL)).extracting(ShellInfo::owner).containsExactly("bob");

        // the same id again is refused only to the one who already uses it
        assertThat(fault(call("bob", header(WsmanAction.CREATE, ResourceUris.CMD_SHELL, null), create(CHOSEN))))
                .extracting(WsmanFault::kind).isEqualTo(Optional.of(FaultKind.INVALID_PARAMETER));

        ok(call("bob", header(WsmanAction.DELETE, ResourceUris.CMD_SHELL, CHOSEN), new DeleteRequest()));
        assertThat(run("alice", ResourceUris.CMD_SHELL, CHOSEN, "echo still")).isEqualTo("still\n");
        ReceiveRequest receive = new ReceiveRequest(UNKNOWN, List.of("stdout"));
        assertThat(fault(call("bob", header(WsmanAction.RECEIVE, ResourceUris.CMD_SHELL, CHOSEN), receive)))
                .isEqualTo(unknownShell("bob", WsmanAction.RECEIVE, ResourceUris.CMD_SHELL, receive, CHOSEN));
    }

    @Test
    void aShellIsReachableOnlyThroughItsOwnEndpointsUris() throws Exception {
        String shell = created(call("alice", header(WsmanAction.CREATE, limUri, null), create(null)));
        for (String other : List.of(ResourceUris.CMD_SHELL, Endpoint.uris("cmd").get(1))) {
            CommandRequest command = new CommandRequest(null, "echo nope", List.of());
            assertThat(fault(call("alice", header(WsmanAction.COMMAND, other, shell), command))).as(other)
                    .isEqualTo(unknownShell("alice", WsmanAction.COMMAND, other, command, shell));
            assertThat(fault(call("alice", header(WsmanAction.GET, other, shell), new EmptyBody()))).as(other)
                    .isEqualTo(unknownShell("alice", WsmanAction.GET, other, new EmptyBody(), shell));
            assertThat(fault(call("alice", header(WsmanAction.DELETE, other, shell), new DeleteRequest())))
                    .as(other).isEqualTo(unknownShell("alice", WsmanAction.DELETE, other, new DeleteRequest(),
                            shell));
            assertThat(enumerate("alice", other)).as(other).isEmpty();
        }
        for (String own : Endpoint.uris("lim")) {
            assertThat(run("alice", own, shell, "echo via")).as(own).isEqualTo("via\n");
        }
        assertThat(enumerate("alice", limUri)).extracting(ShellInfo::shellId).containsExactly(shell);
        assertThat(enumerate("alice", ResourceUris.SHELL)).extracting(ShellInfo::shellId).containsExactly(shell);
        assertThat(audit).noneMatch(r -> !r.allowed());
    }

    @Test
    void revokedAccessHoldsForConnectThroughAnyUriAndReAllowingRestoresIt() throws Exception {
        String shell = created(call("alice", header(WsmanAction.CREATE, limUri, null), create(CHOSEN)));
        ok(call("alice", header(WsmanAction.DISCONNECT, limUri, shell), new DisconnectRequest(Optional.empty())));
        registry.set(cmd, lim.withAccess(AccessList.DEFAULT.withDenied(List.of(new Principal.User("alice")))));
        // the answers for a shell that exists nowhere, probed before the audit records are counted
        WsmanFault unknownConnect = unknownShell("alice", WsmanAction.CONNECT, ResourceUris.CMD_SHELL,
                new ConnectRequest(null), shell);
        WsmanFault unknownReconnect = unknownShell("alice", WsmanAction.RECONNECT, ResourceUris.CMD_SHELL,
                new io.openwinrm.protocol.shell.ReconnectRequest(), shell);
        audit.clear();

        WsmanFault viaCmd = fault(call("alice", header(WsmanAction.CONNECT, ResourceUris.CMD_SHELL, shell),
                new ConnectRequest(null)));
        assertThat(viaCmd).isEqualTo(unknownConnect);
        WsmanFault viaLim = fault(call("alice", header(WsmanAction.CONNECT, limUri, shell), new ConnectRequest(null)));
        assertThat(viaLim.kind()).contains(FaultKind.ACCESS_DENIED);
        assertThat(viaLim.message()).contains("The endpoint lim does not admit alice (denied by user:alice)");
        assertThat(fault(call("alice", header(WsmanAction.RECONNECT, ResourceUris.CMD_SHELL, shell),
                new io.openwinrm.protocol.shell.ReconnectRequest()))).isEqualTo(unknownReconnect);
        assertThat(audit).hasSize(3).allSatisfy(r -> {
            assertThat(r.event()).isEqualTo("access");
            assertThat(r.endpoint()).isEqualTo("lim");
            assertThat(r.allowed()).isFalse();
        });
        assertThat(audit.get(0).reason()).startsWith("Connect: the shell belongs to endpoint lim");
        assertThat(audit.get(1).reason()).isEqualTo("Connect: denied by user:alice");

        registry.set(cmd, lim);
        ok(call("alice", header(WsmanAction.CONNECT, limUri, shell), new ConnectRequest(null)));
        assertThat(audit.get(audit.size() - 1).allowed()).isTrue();
        assertThat(run("alice", limUri, shell, "echo back")).isEqualTo("back\n");
    }

    @Test
    void aUriOnlyAnUnregisteredEndpointsShellsAnswerRoutesOnlyForTheirOwner() throws Exception {
        String shell = created(call("alice", header(WsmanAction.CREATE, limUri, null), create(CHOSEN)));
        registry.set(cmd);
        assertThat(run("alice", limUri, shell, "echo kept")).isEqualTo("kept\n");
        WsmanFault nobody = fault(call("bob", header(WsmanAction.COMMAND, Endpoint.uris("never").get(0), CHOSEN),
                new CommandRequest(null, "id", List.of())));
        WsmanFault bobs = fault(call("bob", header(WsmanAction.COMMAND, limUri, CHOSEN),
                new CommandRequest(null, "id", List.of())));
        assertThat(bobs.kind()).contains(FaultKind.DESTINATION_UNREACHABLE);
        assertThat(bobs).isEqualTo(nobody);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** The fault a request about a shell that never existed gets. */
    /**
     * What {@code user} gets for {@code action} on a ShellId that exists nowhere, as it reads for {@code id}: the
     * unknown-shell text names the ShellId the client sent (as Windows'), so the probe's id is written as
     * {@code id}; an existing but unreachable shell must be answered exactly so.
     */
    private WsmanFault unknownShell(String user, WsmanAction action, String uri, Body body, String id)
            throws Exception {
        WsmanFault f = fault(call(user, header(action, uri, UNKNOWN), body));
        assertThat(f.kind()).contains(FaultKind.UNKNOWN_SHELL);
        return new WsmanFault(f.code(), f.subcode(), f.reason(), f.wsmanCode(), f.message().replace(UNKNOWN, id),
                f.faultDetail(), f.machine(), f.notUnderstood(), f.provider());
    }

    private static CreateShell create(String shellId) {
        return new CreateShell(shellId, List.of("stdin"), List.of("stdout", "stderr"), null, Map.of(),
                Optional.empty(), Optional.empty(), null, null);
    }

    private static String created(Envelope reply) {
        return reply.body(ShellCreated.class).shellId();
    }

    /** Runs {@code line} in the shell through {@code uri} and returns its stdout. */
    private String run(String user, String uri, String shell, String line) throws Exception {
        String id = call(user, header(WsmanAction.COMMAND, uri, shell), new CommandRequest(null, line, List.of()))
                .body(CommandResponse.class).commandId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            Envelope reply = call(user, header(WsmanAction.RECEIVE, uri, shell),
                    new ReceiveRequest(id, List.of("stdout", "stderr")));
            if (reply.body() instanceof WsmanFault f && f.isTimedOut()) {
                continue;
            }
            ReceiveResponse r = reply.body(ReceiveResponse.class);
            r.streams().stream().filter(s -> s.name().equals("stdout")).forEach(s -> out.writeBytes(s.data()));
            if (r.commandState().state() == CommandState.DONE) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private List<ShellInfo> enumerate(String user, String uri) throws Exception {
        return call(user, header(WsmanAction.ENUMERATE, uri, null), new EnumerateRequest(true, OptionalInt.of(100)))
                .body(EnumerateResponse.class).items();
    }

    private Envelope call(String user, Header header, Body body) throws Exception {
        WsmanHttpRequest request = new WsmanHttpRequest(CODEC.encode(new Envelope(header, body)),
                StandardCharsets.UTF_8, new AuthenticatedUser(user, "Basic", Optional.empty(), List.of()), CLIENT,
                new InetSocketAddress("127.0.0.1", 5985), false, "test");
        return CODEC.decode(dispatcher.handle(request).toCompletableFuture().get(20, TimeUnit.SECONDS).body());
    }

    private static Header header(WsmanAction action, String uri, String shell) {
        Header h = Header.request(action, uri, TO).withMaxEnvelopeSize(512000)
                .withOperationTimeout(Duration.ofSeconds(5));
        return shell == null ? h : h.withShellId(shell);
    }

    private static WsmanFault fault(Envelope reply) {
        assertThat(reply.body()).isInstanceOf(WsmanFault.class);
        return reply.body(WsmanFault.class);
    }

    private static void ok(Envelope reply) {
        assertThat(reply.body()).isNotInstanceOf(WsmanFault.class);
    }
}
