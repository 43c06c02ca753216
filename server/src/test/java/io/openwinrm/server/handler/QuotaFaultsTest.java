package io.openwinrm.server.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.shell.SignalCode;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.EmptyBody;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.dispatch.DispatchSettings;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.testing.JdkProcessLauncher;
import io.openwinrm.transport.server.WsmanHttpRequest;
import io.openwinrm.transport.server.WsmanReply;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The quota faults through the dispatcher with real processes: MaxConcurrentOperationsPerUser, MaxProcessesPerShell. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class QuotaFaultsTest {

    private static final String OWN_CMD_URI = "http://schemas.openwinrm.io/wbem/wsman/1/shell/cmd";

    private static final WsmanCodec CODEC = new WsmanCodec();

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private ShellManager manager;
    private WsmanDispatcher dispatcher;

    @BeforeEach
    void start() {
        manager = ShellManager.builder(new JdkProcessLauncher(), scheduler)
                .limits(ShellLimits.builder().maxProcessesPerShell(3).build()).build();
        dispatcher = new ShellHandlers(manager, blocking).register(WsmanDispatcher.builder(new DispatchSettings(
                DispatchSettings.DEFAULT_MAX_ENVELOPE_SIZE, DispatchSettings.DEFAULT_MAX_TIMEOUT, "test", List.of(),
                4))).build();
    }

    @AfterEach
    void stop() {
        manager.close();
        scheduler.shutdownNow();
        blocking.shutdownNow();
    }

    /**
     * The URI the requests address. Commands run concurrently, up to MaxProcessesPerShell, on OpenWinRM's own URI of
     * the cmd endpoint; on the WinRS cmd URI one at a time, as on Windows ([MS-WSMV] note &lt;121&gt;).
     */
    private String resourceUri = OWN_CMD_URI;

    @Test
    void aUserWithTooManyRequestsInFlightIsRefusedOthersAreServedAndRoomComesBack() throws Exception {
        String shell = create("alice");
        List<CompletableFuture<WsmanReply>> polls = new ArrayList<>();
        for (String s : List.of(shell, shell, create("alice"), create("alice"))) {
            // long polls of four commands: each holds its request until the OperationTimeout
            polls.add(send("alice", header(WsmanAction.RECEIVE, s, Duration.ofSeconds(2)),
                    new ReceiveRequest(command("alice", s, "sleep 20"), List.of("stdout", "stderr"))));
        }
        assertThat(polls).noneMatch(CompletableFuture::isDone);

        WsmanFault refused = call("alice", header(WsmanAction.GET, shell, Duration.ofSeconds(5))
                .withResourceUri(ResourceUris.SHELL), new EmptyBody()).body(WsmanFault.class);
        assertThat(refused.kind()).contains(FaultKind.QUOTA_MAX_OPERATIONS);
        assertThat(refused.subcode()).isEqualTo("w:QuotaLimit");
        assertThat(refused.wsmanCode()).isEqualTo(OptionalLong.of(2150859174L));
        assertThat(refused.message()).contains("The maximum number of concurrent operations for this user has been "
                + "exceeded", "(limit 4)");

        String bobs = create("bob"); // somebody else is served meanwhile
        assertThat(command("bob", bobs, "true")).isNotBlank();

        for (CompletableFuture<WsmanReply> poll : polls) {
            assertThat(CODEC.decode(poll.get(5, TimeUnit.SECONDS).body()).body(WsmanFault.class).isTimedOut())
                    .isTrue();
        }
        assertThat(call("alice", header(WsmanAction.GET, shell, Duration.ofSeconds(5))
                .withResourceUri(ResourceUris.SHELL), new EmptyBody()).body()).isInstanceOf(ShellInfo.class);
    }

    @Test
    void aShellWithMaxProcessesPerShellRunningCommandsRefusesAnotherUntilOneEnds() throws Exception {
        String shell = create("alice");
        List<String> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(command("alice", shell, "sleep 20"));
        }
        WsmanFault refused = call("alice", header(WsmanAction.COMMAND, shell, Duration.ofSeconds(5)),
                new CommandRequest(null, "echo one more", List.of())).body(WsmanFault.class);
        assertThat(refused.kind()).contains(FaultKind.QUOTA_MAX_PROCESSES);
        assertThat(refused.subcode()).isEqualTo("w:QuotaLimit");
        assertThat(refused.wsmanCode()).isEqualTo(OptionalLong.of(2150859241L));
        assertThat(refused.message()).contains("(limit 3)");
        assertThat(manager.find("alice", shell).commands()).hasSize(3);

        assertThat(command("alice", create("alice"), "true")).as("another shell is not affected").isNotBlank();
        call("alice", header(WsmanAction.SIGNAL, shell, Duration.ofSeconds(5)),
                new SignalRequest(running.get(0), SignalCode.TERMINATE.uri()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Body body;
        do {
            Thread.sleep(50);
            body = call("alice", header(WsmanAction.COMMAND, shell, Duration.ofSeconds(5)),
                    new CommandRequest(null, "true", List.of())).body();
        } while (body instanceof WsmanFault && System.nanoTime() < deadline);
        assertThat(body).isInstanceOf(CommandResponse.class);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private String create(String user) throws Exception {
        return call(user, header(WsmanAction.CREATE, null, Duration.ofSeconds(5)), new CreateShell(null,
                List.of("stdin"), List.of("stdout", "stderr"), null, Map.of(), Optional.empty(), Optional.empty(),
                null, null)).body(ShellCreated.class).shellId();
    }

    private String command(String user, String shell, String line) throws Exception {
        return call(user, header(WsmanAction.COMMAND, shell, Duration.ofSeconds(5)),
                new CommandRequest(null, line, List.of())).body(CommandResponse.class).commandId();
    }

    private CompletableFuture<WsmanReply> send(String user, Header header, Body body) {
        return dispatcher.handle(new WsmanHttpRequest(CODEC.encode(new Envelope(header, body)),
                StandardCharsets.UTF_8, new AuthenticatedUser(user, "Basic", Optional.empty(), List.of()),
                new InetSocketAddress("127.0.0.1", 50001), new InetSocketAddress("127.0.0.1", 5985), false, "test"))
                .toCompletableFuture();
    }

    private Envelope call(String user, Header header, Body body) throws Exception {
        return CODEC.decode(send(user, header, body).get(10, TimeUnit.SECONDS).body());
    }

    private Header header(WsmanAction action, String shell, Duration timeout) {
        Header h = Header.request(action, resourceUri, "http://127.0.0.1:5985/wsman")
                .withMaxEnvelopeSize(512000).withOperationTimeout(timeout);
        return shell == null ? h : h.withShellId(shell);
    }
}
