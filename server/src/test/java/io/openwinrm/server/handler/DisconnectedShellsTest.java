package io.openwinrm.server.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.shell.BufferMode;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.ConnectResponse;
import io.openwinrm.protocol.shell.ConnectionState;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DeleteRequest;
import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.DroppedOutput;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.ReconnectRequest;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.shell.SignalCode;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.EmptyBody;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.dispatch.DispatchSettings;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.testing.JdkProcessLauncher;
import io.openwinrm.transport.server.WsmanHttpRequest;
import io.openwinrm.transport.server.WsmanReply;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disconnect, Reconnect, Connect, Get and Enumerate through the dispatcher, with real processes
 * ([MS-WSMV] 3.1.4.15–3.1.4.17, 3.1.4.1.31.7).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DisconnectedShellsTest {

    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final String TO = "http://127.0.0.1:5985/wsman";
    private static final InetSocketAddress CLIENT_A = new InetSocketAddress("127.0.0.1", 50001);
    private static final InetSocketAddress CLIENT_B = new InetSocketAddress("127.0.0.2", 50002);
    private static final long STREAM_DISCONNECTED = 2150859230L;

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private ShellManager manager;
    private WsmanDispatcher dispatcher;

    @TempDir
    Path dir;

    private void start(ShellLimits limits) {
        manager = ShellManager.builder(new JdkProcessLauncher(), scheduler).limits(limits).build();
        dispatcher = new ShellHandlers(manager, blocking).register(WsmanDispatcher.builder(new DispatchSettings(
                DispatchSettings.DEFAULT_MAX_ENVELOPE_SIZE, DispatchSettings.DEFAULT_MAX_TIMEOUT, "test",
                List.of()))).build();
    }

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.close();
        }
        scheduler.shutdownNow();
        blocking.shutdownNow();
    }

    // ---- the scenarios -------------------------------------------------------------------------------------------

    @Test
    void blockModeDeliversEveryByteOfA20MbStreamAcrossDisconnectAndReconnect() throws Exception {
        // a shell output budget far below the 20 MB, so that the command must pause while nobody receives
        start(ShellLimits.builder().maxOutputPerShellBytes(ShellLimits.MIN_OUTPUT_BUDGET).build());
        Path copy = dir.resolve("produced.bin");
        String shell = create("alice", CLIENT_A);
        String cmd = command("alice", shell, "head -c 20971520 /dev/urandom | tee " + copy);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (received.size() < 2_000_000) {
            received.writeBytes(receive("alice", shell, cmd).stdout);
        }

        ok(call("alice", CLIENT_A, WsmanAction.DISCONNECT, shell, new DisconnectRequest(Optional.empty())));
        ShellInfo info = get("alice", shell);
        assertThat(info.state()).contains(ConnectionState.DISCONNECTED);
        assertThat(info.bufferMode()).contains(BufferMode.BLOCK);
        Thread.sleep(300); // the command uses up its output budget and pauses
        assertThat(Files.size(copy)).isLessThan(20971520L);
        assertThat(manager.find("alice", shell).bufferedOutputBytes())
                .isLessThanOrEqualTo(ShellLimits.MIN_OUTPUT_BUDGET);

        ok(call("alice", CLIENT_A, WsmanAction.RECONNECT, shell, new ReconnectRequest()));
        Received r;
        do {
            r = receive("alice", shell, cmd);
            received.writeBytes(r.stdout);
        } while (!r.done);
        assertThat(r.exitCode).isZero();
        assertThat(received.size()).isEqualTo(20971520);
        assertThat(sha256(received.toByteArray())).isEqualTo(sha256(Files.readAllBytes(copy)));
    }

    @Test
    void dropModeDiscardsTheOldestOutputAndReportsExactlyHowMuch() throws Exception {
        start(ShellLimits.builder().maxOutputPerShellBytes(ShellLimits.MIN_OUTPUT_BUDGET).build());
        String shell = create("alice", CLIENT_A);
        String cmd = command("alice", shell, "sleep 0.3; seq 1 400000");
        ok(call("alice", CLIENT_A, WsmanAction.DISCONNECT, shell,
                new DisconnectRequest(Optional.of(Duration.ofSeconds(120)), Optional.of(BufferMode.DROP))));
        RunningCommand running = manager.find("alice", shell).commands().get(0);
        running.terminated().get(10, TimeUnit.SECONDS); // exited and both pipes drained into the buffers

        ShellInfo info = get("alice", shell);
        assertThat(info.bufferMode()).contains(BufferMode.DROP);
        assertThat(info.childProcesses()).hasValue(0);
        assertThat(info.droppedOutput()).hasSize(1);
        DroppedOutput dropped = info.droppedOutput().get(0);
        assertThat(dropped.commandId()).isEqualTo(cmd);
        assertThat(dropped.stream()).isEqualTo("stdout");

        ok(call("alice", CLIENT_B, WsmanAction.CONNECT, shell, new ConnectRequest(null)));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Received r;
        do {
            r = receive("alice", shell, cmd);
            received.writeBytes(r.stdout);
        } while (!r.done);

        byte[] all = seq(400000);
        assertThat(received.size()).isBetween(1, (int) ShellLimits.MIN_OUTPUT_BUDGET);
        assertThat(received.size() + dropped.bytes()).isEqualTo(all.length);
        byte[] tail = java.util.Arrays.copyOfRange(all, (int) dropped.bytes(), all.length);
        assertThat(received.toByteArray()).isEqualTo(tail);
    }

    @Test
    void everyOtherOperationOnADisconnectedShellGetsTheStreamDisconnectedFault() throws Exception {
        start(ShellLimits.DEFAULTS);
        String shell = create("alice", CLIENT_A);
        String cmd = command("alice", shell, "cat");
        ok(call("alice", CLIENT_A, WsmanAction.DISCONNECT, shell, new DisconnectRequest(Optional.empty())));

        List<Envelope> refused = List.of(
                call("alice", CLIENT_A, WsmanAction.RECEIVE, shell, new ReceiveRequest(cmd, List.of("stdout"))),
                call("alice", CLIENT_A, WsmanAction.SEND, shell,
                        new SendRequest(List.of(new StreamData("stdin", cmd, new byte[] {'x'}, false)))),
                call("alice", CLIENT_A, WsmanAction.SIGNAL, shell, new SignalRequest(cmd,
                        SignalCode.CTRL_C.uri())),
                call("alice", CLIENT_A, WsmanAction.COMMAND, shell, new CommandRequest(null, "echo", List.of())));
        for (Envelope reply : refused) {
            WsmanFault f = reply.body(WsmanFault.class);
            assertThat(f.subcode()).isEqualTo("w:InternalError");
            assertThat(f.code()).isEqualTo("s:Receiver");
            assertThat(f.wsmanCode()).isEqualTo(OptionalLong.of(STREAM_DISCONNECTED));
            assertThat(f.kind()).contains(FaultKind.STREAM_DISCONNECTED);
        }
        // a second Disconnect, Get and Enumerate are allowed; Reconnect of a connected shell is not
        ok(call("alice", CLIENT_A, WsmanAction.DISCONNECT, shell, new DisconnectRequest(Optional.empty())));
        assertThat(enumerate("alice")).extracting(ShellInfo::shellId).containsExactly(shell);
        ok(call("alice", CLIENT_A, WsmanAction.RECONNECT, shell, new ReconnectRequest()));
        assertThat(call("alice", CLIENT_A, WsmanAction.RECONNECT, shell, new ReconnectRequest())
                .body(WsmanFault.class).kind()).contains(FaultKind.SHELL_CONNECTED_TO_DIFFERENT_CLIENT);
        assertThat(get("alice", shell).state()).contains(ConnectionState.CONNECTED);
        // connected again: the command is usable, and Delete works on a disconnected shell
        ok(call("alice", CLIENT_A, WsmanAction.SEND, shell,
                new SendRequest(List.of(new StreamData("stdin", cmd, "hi".getBytes(StandardCharsets.UTF_8), true)))));
        assertThat(new String(receive("alice", shell, cmd).stdout, StandardCharsets.UTF_8)).isEqualTo("hi");
        ok(call("alice", CLIENT_A, WsmanAction.DISCONNECT, shell, new DisconnectRequest(Optional.empty())));
        ok(call("alice", CLIENT_A, WsmanAction.DELETE, shell, new DeleteRequest()));
        assertThat(manager.size()).isZero();
    }

    @Test
    void aPendingReceiveCompletesWhenTheShellIsDisconnected() throws Exception {
        start(ShellLimits.DEFAULTS);
        String shell = create("alice", CLIENT_A);
        String cmd = command("alice", shell, "sleep 20");
        CompletableFuture<WsmanReply> pending = dispatcher.handle(request("alice", CLIENT_A,
                header(WsmanAction.RECEIVE, shell).withOperationTimeout(Duration.ofSeconds(30)),
                new ReceiveRequest(cmd, List.of("stdout", "stderr")))).toCompletableFuture();
        Thread.sleep(100);
        assertThat(pending).isNotDone();
        ok(call("alice", CLIENT_A, WsmanAction.DISCONNECT, shell, new DisconnectRequest(Optional.empty())));
        WsmanReply reply = pending.get(2, TimeUnit.SECONDS);
        assertThat(reply.status()).isEqualTo(500);
        assertThat(CODEC.decode(reply.body()).body(WsmanFault.class).isTimedOut()).isTrue();
    }

    @Test
    void anotherUserCanNeitherSeeNorTouchTheShell() throws Exception {
        start(ShellLimits.DEFAULTS);
        String shell = create("alice", CLIENT_A);
        ok(call("alice", CLIENT_A, WsmanAction.DISCONNECT, shell, new DisconnectRequest(Optional.empty())));
        create("bob", CLIENT_B);

        assertThat(enumerate("bob")).extracting(ShellInfo::shellId).doesNotContain(shell).hasSize(1);
        assertThat(enumerate("alice")).extracting(ShellInfo::shellId).containsExactly(shell);
        for (var action : List.of(WsmanAction.GET, WsmanAction.CONNECT, WsmanAction.RECONNECT,
                WsmanAction.DISCONNECT, WsmanAction.DELETE)) {
            Body body = switch (action) {
                case CONNECT -> new ConnectRequest("AAAA");
                case RECONNECT -> new ReconnectRequest();
                case DISCONNECT -> new DisconnectRequest(Optional.empty());
                case DELETE -> new DeleteRequest();
                default -> new EmptyBody();
            };
            Header h = header(action, shell);
            if (action == WsmanAction.GET) {
                h = h.withResourceUri(ResourceUris.SHELL);
            }
            WsmanFault f = CODEC.decode(dispatcher.handle(request("bob", CLIENT_B, h, body)).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS).body()).body(WsmanFault.class);
            assertThat(f.kind()).as(action.name()).contains(FaultKind.UNKNOWN_SHELL);
        }
        assertThat(get("alice", shell).state()).contains(ConnectionState.DISCONNECTED);

        // the owner connects from another client, sending a PSRP-style connectXml that the cmd shell ignores
        ConnectResponse c = call("alice", CLIENT_B, WsmanAction.CONNECT, shell, new ConnectRequest("AAAA"))
                .body(ConnectResponse.class);
        assertThat(c.inputStreams()).containsExactly("stdin");
        assertThat(c.outputStreams()).containsExactly("stdout", "stderr");
        assertThat(c.connectResponseXml()).isNull();
        ShellInfo info = get("alice", shell);
        assertThat(info.state()).contains(ConnectionState.CONNECTED);
        assertThat(info.clientIp()).isEqualTo("127.0.0.2");
        assertThat(info.owner()).isEqualTo("alice");
        assertThat(info.resourceUri()).isEqualTo(ResourceUris.CMD_SHELL);
    }

    @Test
    void aDisconnectedShellIsReclaimedAfterItsIdleTimeoutAndItsProcessesAreGone() throws Exception {
        start(ShellLimits.builder().minIdleTimeout(Duration.ofMillis(100)).build());
        String shell = create("alice", CLIENT_A);
        command("alice", shell, "sleep 60 & sleep 60; wait");
        long pid = manager.find("alice", shell).commands().get(0).pid().orElseThrow();
        Path proc = Path.of("/proc/" + pid);
        assertThat(proc).exists();
        ok(call("alice", CLIENT_A, WsmanAction.DISCONNECT, shell,
                new DisconnectRequest(Optional.of(Duration.ofMillis(400)))));
        assertThat(get("alice", shell).idleTimeout()).contains(Duration.ofMillis(400));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (manager.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(manager.size()).isZero();
        assertThat(call("alice", CLIENT_A, WsmanAction.GET, shell, new EmptyBody()).body(WsmanFault.class).kind())
                .contains(FaultKind.UNKNOWN_SHELL);
        while (groupAlive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(groupAlive(pid)).as("process group " + pid + " reaped").isFalse();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private record Received(byte[] stdout, boolean done, int exitCode) {
    }

    private String create(String user, InetSocketAddress from) throws Exception {
        Envelope reply = call(user, from, header(WsmanAction.CREATE, null), new CreateShell(null, List.of("stdin"),
                List.of("stdout", "stderr"), null, java.util.Map.of(), Optional.empty(), Optional.empty(), null,
                null));
        return reply.body(ShellCreated.class).shellId();
    }

    private String command(String user, String shell, String line) throws Exception {
        return call(user, CLIENT_A, WsmanAction.COMMAND, shell, new CommandRequest(null, line, List.of()))
                .body(CommandResponse.class).commandId();
    }

    private Received receive(String user, String shell, String cmd) throws Exception {
        Envelope reply = call(user, CLIENT_A, WsmanAction.RECEIVE, shell,
                new ReceiveRequest(cmd, List.of("stdout", "stderr")));
        if (reply.body() instanceof WsmanFault f && f.isTimedOut()) {
            return new Received(new byte[0], false, 0);
        }
        ReceiveResponse r = reply.body(ReceiveResponse.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.streams().stream().filter(s -> s.name().equals("stdout")).forEach(s -> out.writeBytes(s.data()));
        boolean done = r.commandState().state() == CommandState.DONE;
        return new Received(out.toByteArray(), done, done ? r.commandState().exitCode().orElseThrow() : 0);
    }

    private ShellInfo get(String user, String shell) throws Exception {
        Header h = header(WsmanAction.GET, shell).withResourceUri(ResourceUris.SHELL);
        return CODEC.decode(dispatcher.handle(request(user, CLIENT_A, h, new EmptyBody())).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).body()).body(ShellInfo.class);
    }

    private List<ShellInfo> enumerate(String user) throws Exception {
        Header h = Header.request(WsmanAction.ENUMERATE, ResourceUris.SHELL, TO).withMaxEnvelopeSize(512000)
                .withOperationTimeout(Duration.ofSeconds(20));
        EnumerateResponse r = CODEC.decode(dispatcher.handle(request(user, CLIENT_A, h,
                new EnumerateRequest(true, java.util.OptionalInt.of(32000)))).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).body()).body(EnumerateResponse.class);
        assertThat(r.endOfSequence()).isTrue();
        return r.items();
    }

    private Envelope call(String user, InetSocketAddress from, WsmanAction action, String shell, Body body)
            throws Exception {
        return call(user, from, header(action, shell), body);
    }

    private Envelope call(String user, InetSocketAddress from, Header header, Body body) throws Exception {
        WsmanReply reply = dispatcher.handle(request(user, from, header, body)).toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        return CODEC.decode(reply.body());
    }

    private static Header header(WsmanAction action, String shell) {
        Header h = Header.request(action, ResourceUris.CMD_SHELL, TO).withMaxEnvelopeSize(512000)
                .withOperationTimeout(Duration.ofSeconds(5));
        return shell == null ? h : h.withShellId(shell);
    }

    private static WsmanHttpRequest request(String user, InetSocketAddress from, Header header, Body body) {
        return new WsmanHttpRequest(CODEC.encode(new Envelope(header, body)), StandardCharsets.UTF_8,
                new AuthenticatedUser(user, "Basic", Optional.empty(), List.of()), from,
                new InetSocketAddress("127.0.0.1", 5985), false, "test");
    }

    private static void ok(Envelope reply) {
        assertThat(reply.body()).isNotInstanceOf(WsmanFault.class);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static byte[] seq(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            sb.append(i).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether any process of group {@code pgid} is still there (zombies count as gone). */
    private static boolean groupAlive(long pgid) throws Exception {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .anyMatch(p -> {
                        try {
                            String stat = Files.readString(p.resolve("stat"));
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            return !f[0].equals("Z") && Long.parseLong(f[2]) == pgid;
                        } catch (Exception gone) {
                            return false;
                        }
                    });
        }
    }
}
