package io.openwinrm.server.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.shell.CommandInfo;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DeleteRequest;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.EnumerationFilter;
import io.openwinrm.protocol.shell.PullRequest;
import io.openwinrm.protocol.shell.PullResponse;
import io.openwinrm.protocol.shell.ReleaseRequest;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.dispatch.DispatchSettings;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.testing.JdkProcessLauncher;
import io.openwinrm.transport.server.WsmanHttpRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Enumerate, Pull and Release of shells through the dispatcher, as WS-Enumeration and [MS-WSMV] 3.1.4.8-3.1.4.10
 * describe them (issue 10, item 2): optimized and not, MaxElements honoured, contexts owned by their user, filters
 * refused as 3.1.4.8.2 requires.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShellEnumerationWireTest {

    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final String TO = "http://127.0.0.1:5985/wsman";

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private ShellManager manager;
    private WsmanDispatcher dispatcher;

    @BeforeEach
    void start() {
        manager = ShellManager.builder(new JdkProcessLauncher(), scheduler).limits(ShellLimits.DEFAULTS).build();
        dispatcher = new ShellHandlers(manager, blocking).register(WsmanDispatcher.builder(new DispatchSettings(
                DispatchSettings.DEFAULT_MAX_ENVELOPE_SIZE, DispatchSettings.DEFAULT_MAX_TIMEOUT, "test",
                List.of()))).build();
    }

    @AfterEach
    void stop() {
        manager.close();
        scheduler.shutdownNow();
        blocking.shutdownNow();
    }

    @Test
    void optimizedEnumerateHonoursMaxElementsAndPullReturnsTheRest() throws Exception {
        List<String> mine = create("alice", 3);
        create("bob", 1);
        EnumerateResponse first = call("alice", ResourceUris.SHELL,
                new EnumerateRequest(true, OptionalInt.of(2))).body(EnumerateResponse.class);
        assertThat(first.items()).hasSize(2);
        assertThat(first.endOfSequence()).isFalse();
        assertThat(first.enumerationContext()).startsWith("uuid:");
        PullResponse rest = pull("alice", first.enumerationContext(), 5);
        assertThat(rest.endOfSequence()).isTrue();
        assertThat(rest.enumerationContext()).isNull();
        List<String> seen = new ArrayList<>(ids(first.items()));
        seen.addAll(ids(rest.items()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(mine);
        // the context ended with its last item
        assertThat(fault(call("alice", ResourceUris.SHELL, new PullRequest(first.enumerationContext(),
                OptionalInt.empty()))).kind()).contains(FaultKind.INVALID_ENUMERATION_CONTEXT);
    }

    @Test
    void optimizedEnumerateWithoutMaxElementsReturnsOneItem() throws Exception {
        create("alice", 2);
        EnumerateResponse r = call("alice", ResourceUris.SHELL, new EnumerateRequest(true, OptionalInt.empty()))
                .body(EnumerateResponse.class);
        assertThat(r.items()).hasSize(1);
        assertThat(r.endOfSequence()).isFalse();
        assertThat(pull("alice", r.enumerationContext(), 1).endOfSequence()).isTrue();
    }

    @Test
    void everythingFittingIsWindowsOneShotShape() throws Exception {
        List<String> mine = create("alice", 2);
        Envelope reply = call("alice", ResourceUris.SHELL, new EnumerateRequest(true, OptionalInt.of(32000)));
        String xml = new String(CODEC.encode(reply), StandardCharsets.UTF_8);
        assertThat(xml).contains("<n:EnumerationContext></n:EnumerationContext><w:Items>").contains("<w:EndOfSequence/>");
        assertThat(ids(reply.body(EnumerateResponse.class).items())).containsExactlyInAnyOrderElementsOf(mine);
    }

    @Test
    void nonOptimizedEnumerateGivesOnlyAContextAndPullWalksItOneByDefault() throws Exception {
        List<String> mine = create("alice", 3);
        EnumerateResponse r = call("alice", ResourceUris.CMD_SHELL, new EnumerateRequest(false, OptionalInt.empty()))
                .body(EnumerateResponse.class);
        assertThat(r.items()).isEmpty();
        assertThat(r.endOfSequence()).isFalse();
        List<String> seen = new ArrayList<>();
        PullResponse p;
        int pulls = 0;
        do {
            p = call("alice", ResourceUris.CMD_SHELL, new PullRequest(r.enumerationContext(), OptionalInt.empty()))
                    .body(PullResponse.class);
            seen.addAll(ids(p.items()));
            pulls++;
        } while (!p.endOfSequence());
        assertThat(pulls).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(mine);
    }

    @Test
    void noShellsNonOptimizedPullEndsAtOnce() throws Exception {
        EnumerateResponse r = call("alice", ResourceUris.SHELL, new EnumerateRequest(false, OptionalInt.empty()))
                .body(EnumerateResponse.class);
        PullResponse p = pull("alice", r.enumerationContext(), 10);
        assertThat(p.items()).isEmpty();
        assertThat(p.endOfSequence()).isTrue();
    }

    @Test
    void aShellClosedBeforeThePullIsLeftOut() throws Exception {
        List<String> mine = create("alice", 2);
        EnumerateResponse r = call("alice", ResourceUris.SHELL, new EnumerateRequest(false, OptionalInt.empty()))
                .body(EnumerateResponse.class);
        Header delete = header(WsmanAction.DELETE, ResourceUris.CMD_SHELL).withShellId(mine.get(0));
        assertThat(call("alice", delete, new DeleteRequest()).body()).isNotInstanceOf(WsmanFault.class);
        PullResponse p = pull("alice", r.enumerationContext(), 10);
        assertThat(ids(p.items())).containsExactly(mine.get(1));
    }

    @Test
    void anotherUsersContextIsAnInvalidOne() throws Exception {
        create("alice", 2);
        String context = call("alice", ResourceUris.SHELL, new EnumerateRequest(false, OptionalInt.empty()))
                .body(EnumerateResponse.class).enumerationContext();
        WsmanFault stolen = fault(call("bob", ResourceUris.SHELL, new PullRequest(context, OptionalInt.of(10))));
        WsmanFault unknown = fault(call("bob", ResourceUris.SHELL, new PullRequest("uuid:" + "0".repeat(8)
                + "-0000-0000-0000-000000000000", OptionalInt.of(10))));
        assertThat(stolen.kind()).contains(FaultKind.INVALID_ENUMERATION_CONTEXT);
        assertThat(stolen.message()).isEqualTo(unknown.message());
        assertThat(fault(call("bob", ResourceUris.SHELL, new ReleaseRequest(context))).kind())
                .contains(FaultKind.INVALID_ENUMERATION_CONTEXT);
        // still alice's, untouched
        assertThat(pull("alice", context, 10).items()).hasSize(2);
    }

    @Test
    void releaseEndsTheContext() throws Exception {
        create("alice", 2);
        String context = call("alice", ResourceUris.SHELL, new EnumerateRequest(false, OptionalInt.empty()))
                .body(EnumerateResponse.class).enumerationContext();
        Envelope released = call("alice", ResourceUris.SHELL, new ReleaseRequest(context));
        assertThat(released.body()).isNotInstanceOf(WsmanFault.class);
        assertThat(released.header().action()).isEqualTo(WsmanAction.RELEASE.responseUri());
        assertThat(fault(call("alice", ResourceUris.SHELL, new PullRequest(context, OptionalInt.empty()))).kind())
                .contains(FaultKind.INVALID_ENUMERATION_CONTEXT);
    }

    @Test
    void oneUserHoldsABoundedNumberOfContexts() throws Exception {
        for (int i = 0; i < Enumerations.DEFAULT_MAX_PER_USER; i++) {
            assertThat(call("alice", ResourceUris.SHELL, new EnumerateRequest(false, OptionalInt.empty())).body())
                    .isInstanceOf(EnumerateResponse.class);
        }
        WsmanFault f = fault(call("alice", ResourceUris.SHELL, new EnumerateRequest(false, OptionalInt.empty())));
        assertThat(f.kind()).contains(FaultKind.QUOTA_MAX_OPERATIONS);
        assertThat(f.message()).contains("open enumerations");
        // another user is not affected
        assertThat(call("bob", ResourceUris.SHELL, new EnumerateRequest(false, OptionalInt.empty())).body())
                .isInstanceOf(EnumerateResponse.class);
    }

    @Test
    void filtersAreRefusedAsMsWsmv31482Requires() throws Exception {
        create("alice", 1);
        for (EnumerationFilter filter : List.of(new EnumerationFilter(true, EnumerationFilter.SELECTOR_DIALECT),
                new EnumerationFilter(true, EnumerationFilter.WQL_DIALECT), new EnumerationFilter(false, null),
                new EnumerationFilter(true, null))) {
            for (String uri : List.of(ResourceUris.CMD_SHELL, ResourceUris.SHELL)) {
                Envelope reply = call("alice", uri, new EnumerateRequest(true, OptionalInt.of(10), Optional.of(filter)));
                assertThat(fault(reply).kind()).as(filter + " on " + uri).contains(FaultKind.FILTERING_NOT_SUPPORTED);
                assertThat(reply.header().action()).isEqualTo(WsmanAction.ENUMERATION_FAULT);
            }
        }
        WsmanFault dialect = fault(call("alice", ResourceUris.CMD_SHELL, new EnumerateRequest(true, OptionalInt.of(10),
                Optional.of(new EnumerationFilter(false, "urn:example:no-such-dialect")))));
        assertThat(dialect.kind()).contains(FaultKind.FILTER_DIALECT_UNAVAILABLE);
        assertThat(dialect.message()).contains("urn:example:no-such-dialect");
    }

    @Test
    void theCommandsOfOneShellAreEnumeratedByShellIdSelectorOrSelectorFilter() throws Exception {
        String shell = create("alice", 1).get(0);
        create("alice", 1);
        String done = command("alice", shell, "true");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!commandsByFilter("alice", shell).contains(new CommandInfo(done, CommandState.DONE))) {
            assertThat(System.nanoTime()).as("command exits").isLessThan(until);
            Thread.sleep(50);
        }
        String running = command("alice", shell, "sleep 30");
        List<CommandInfo> expected = List.of(new CommandInfo(done, CommandState.DONE),
                new CommandInfo(running, CommandState.RUNNING));
        // pypsrp's way: w:Filter of the selector dialect on the generic shell resource
        assertThat(commandsByFilter("alice", shell)).isEqualTo(expected);
        // [MS-WSMV] 3.1.4.8.2's way: a ShellId selector in the Enumerate message, here on the shell's own URI
        Envelope bySelector = call("alice", header(WsmanAction.ENUMERATE, ResourceUris.CMD_SHELL).withShellId(shell),
                new EnumerateRequest(true, OptionalInt.of(100)));
        assertThat(bySelector.body(EnumerateResponse.class).commands()).isEqualTo(expected);
        assertThat(bySelector.body(EnumerateResponse.class).items()).isEmpty();
        // not optimized: one by one through Pull
        EnumerateResponse r = call("alice", header(WsmanAction.ENUMERATE, ResourceUris.SHELL).withShellId(shell),
                new EnumerateRequest(false, OptionalInt.empty())).body(EnumerateResponse.class);
        PullResponse first = pull("alice", r.enumerationContext(), 1);
        PullResponse second = pull("alice", r.enumerationContext(), 1);
        assertThat(first.commands()).containsExactly(expected.get(0));
        assertThat(first.endOfSequence()).isFalse();
        assertThat(second.commands()).containsExactly(expected.get(1));
        assertThat(second.endOfSequence()).isTrue();
        // somebody else's shell is an unknown shell; a selector filter on the cmd URI is refused (3.1.4.8.2 MUST)
        assertThat(fault(call("bob", ResourceUris.SHELL, new EnumerateRequest(true, OptionalInt.of(10),
                Optional.of(EnumerationFilter.shell(shell))))).kind()).contains(FaultKind.UNKNOWN_SHELL);
        assertThat(fault(call("alice", ResourceUris.CMD_SHELL, new EnumerateRequest(true, OptionalInt.of(10),
                Optional.of(EnumerationFilter.shell(shell))))).kind()).contains(FaultKind.FILTERING_NOT_SUPPORTED);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private List<String> create(String user, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(call(user, header(WsmanAction.CREATE, ResourceUris.CMD_SHELL), new CreateShell(null,
                    List.of("stdin"), List.of("stdout", "stderr"), null, Map.of(), Optional.empty(),
                    Optional.empty(), null, null)).body(ShellCreated.class).shellId());
        }
        return ids;
    }

    /** On the endpoint's own URI, which runs commands side by side (the WinRS cmd URI runs one at a time). */
    private String command(String user, String shell, String line) throws Exception {
        return call(user, header(WsmanAction.COMMAND, Endpoint.OPENWINRM_PREFIX + "cmd").withShellId(shell),
                new CommandRequest(null, line, List.of())).body(CommandResponse.class).commandId();
    }

    private List<CommandInfo> commandsByFilter(String user, String shell) throws Exception {
        return call(user, ResourceUris.SHELL, new EnumerateRequest(true, OptionalInt.of(100),
                Optional.of(EnumerationFilter.shell(shell)))).body(EnumerateResponse.class).commands();
    }

    private PullResponse pull(String user, String context, int max) throws Exception {
        return call(user, ResourceUris.SHELL, new PullRequest(context, OptionalInt.of(max))).body(PullResponse.class);
    }

    private static List<String> ids(List<ShellInfo> items) {
        return items.stream().map(ShellInfo::shellId).toList();
    }

    private Envelope call(String user, String uri, Body body) throws Exception {
        WsmanAction action = body instanceof EnumerateRequest ? WsmanAction.ENUMERATE
                : body instanceof PullRequest ? WsmanAction.PULL : WsmanAction.RELEASE;
        return call(user, header(action, uri), body);
    }

    private Envelope call(String user, Header header, Body body) throws Exception {
        WsmanHttpRequest request = new WsmanHttpRequest(CODEC.encode(new Envelope(header, body)),
                StandardCharsets.UTF_8, new AuthenticatedUser(user, "Basic", Optional.empty(), List.of()),
                new InetSocketAddress("127.0.0.1", 50001), new InetSocketAddress("127.0.0.1", 5985), false, "test");
        return CODEC.decode(dispatcher.handle(request).toCompletableFuture().get(20, TimeUnit.SECONDS).body());
    }

    private static Header header(WsmanAction action, String uri) {
        return Header.request(action, uri, TO).withMaxEnvelopeSize(512000).withOperationTimeout(Duration.ofSeconds(5));
    }

    private static WsmanFault fault(Envelope reply) {
        assertThat(reply.body()).isInstanceOf(WsmanFault.class);
        return reply.body(WsmanFault.class);
    }
}
