package io.openwinrm.server.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.dispatch.DispatchSettings;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.testing.FakeLauncher;
import io.openwinrm.server.testing.FakeProcess;
import io.openwinrm.transport.server.WsmanHttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Receive through the dispatcher, encoded and decoded as on the wire ([MS-WSMV] 3.1.4.14): the order of Stream
 * elements is Windows' (recorded {@code winrs-receive-stderr-exit1}), and numbered Receives ({@code SequenceId},
 * [MS-WSMV] 4.7.3) are echoed and replayed on retry so that a lost response loses no output.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReceiveSequenceWireTest {

    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50001);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private final FakeLauncher launcher = new FakeLauncher();
    private ShellManager manager;
    private WsmanDispatcher dispatcher;
    private String shell;

    @BeforeEach
    void start() throws Exception {
        manager = ShellManager.builder(launcher, scheduler).build();
        dispatcher = new ShellHandlers(manager, blocking).register(WsmanDispatcher.builder(new DispatchSettings(
                DispatchSettings.DEFAULT_MAX_ENVELOPE_SIZE, DispatchSettings.DEFAULT_MAX_TIMEOUT, "test",
                List.of()))).build();
        shell = call(header(WsmanAction.CREATE), new CreateShell(null, List.of("stdin"), List.of("stdout", "stderr"),
                null, Map.of(), Optional.empty(), Optional.empty(), null, null)).body(ShellCreated.class).shellId();
    }

    @AfterEach
    void stop() {
        manager.close();
        scheduler.shutdownNow();
        blocking.shutdownNow();
    }

    @Test
    void finalResponseHasAllDataFirstThenTheEndMarkersAsWindowsRecorded() throws Exception {
        ReceiveResponse windows = CODEC.decode(resource("vectors/windows/winrs-receive-stderr-exit1.response.xml"))
                .body(ReceiveResponse.class);
        String id = command();
        FakeProcess process = launcher.last();
        process.writeOut(windows.bytes("stdout"));
        process.writeErr(windows.bytes("stderr"));
        process.finish(1);
        manager.find("user", shell).command(id).terminated().get(5, TimeUnit.SECONDS);

        ReceiveResponse ours = receive(id, OptionalLong.empty()).body(ReceiveResponse.class);
        Function<StreamData, String> shape = s -> s.name() + (s.end() ? " End" : " data");
        assertThat(ours.streams()).extracting(shape).containsExactlyElementsOf(
                windows.streams().stream().map(shape).toList());
        assertThat(ours.streams()).extracting(StreamData::data).containsExactlyElementsOf(
                windows.streams().stream().map(StreamData::data).toList());
        assertThat(ours.commandState().state()).isEqualTo(CommandState.DONE);
        assertThat(ours.commandState().exitCode()).isEqualTo(windows.commandState().exitCode())
                .isEqualTo(OptionalInt.of(1));
        assertThat(ours.sequenceId()).isEmpty();
    }

    @Test
    void aRetriedReceiveGetsTheSameOutputAndTheNextNumberMovesOn() throws Exception {
        String id = command();
        FakeProcess process = launcher.last();
        process.writeOut("first".getBytes(StandardCharsets.UTF_8));
        ReceiveResponse first = receive(id, OptionalLong.of(0)).body(ReceiveResponse.class);
        assertThat(first.sequenceId()).isEqualTo(OptionalLong.of(0));
        assertThat(first.bytes("stdout")).asString(StandardCharsets.UTF_8).isEqualTo("first");

        // the response was lost: the client sends the same Receive again, while new output is (or soon will be)
        // waiting; without the kept reply this Receive would return it
        process.writeOut("second".getBytes(StandardCharsets.UTF_8));
        ReceiveResponse retried = receive(id, OptionalLong.of(0)).body(ReceiveResponse.class);
        assertThat(retried.sequenceId()).isEqualTo(OptionalLong.of(0));
        assertThat(retried.streams()).isEqualTo(first.streams());
        assertThat(retried.bytes("stdout")).isEqualTo(first.bytes("stdout"));

        ReceiveResponse next = receive(id, OptionalLong.of(1)).body(ReceiveResponse.class);
        assertThat(next.sequenceId()).isEqualTo(OptionalLong.of(1));
        assertThat(next.bytes("stdout")).asString(StandardCharsets.UTF_8).isEqualTo("second");

        process.finish(3);
        ReceiveResponse done = receiveUntilDone(id, 2);
        assertThat(done.commandState().exitCode()).isEqualTo(OptionalInt.of(3));
        // Done was delivered; its retry still gets it (the command is not terminated yet)
        ReceiveResponse doneAgain = receive(id, OptionalLong.of(done.sequenceId().getAsLong()))
                .body(ReceiveResponse.class);
        assertThat(doneAgain.streams()).isEqualTo(done.streams());
        assertThat(doneAgain.commandState()).isEqualTo(done.commandState());
    }

    @Test
    void aNumberThatNeitherRepeatsNorFollowsIsAnInvalidHeaderFaultAndConsumesNothing() throws Exception {
        String id = command();
        FakeProcess process = launcher.last();
        process.writeOut("a".getBytes(StandardCharsets.UTF_8));
        assertThat(receive(id, OptionalLong.of(7)).body(ReceiveResponse.class).bytes("stdout")).hasSize(1);
        process.writeOut("b".getBytes(StandardCharsets.UTF_8));
        for (long bad : new long[] {6, 9, 0, -1}) {
            WsmanFault f = receive(id, OptionalLong.of(bad)).body(WsmanFault.class);
            assertThat(f.kind()).as("SequenceId %s", Long.toUnsignedString(bad))
                    .contains(FaultKind.INVALID_HEADER);
            assertThat(f.subcode()).isEqualTo("a:InvalidMessageInformationHeader");
            assertThat(f.wsmanCode()).isEqualTo(OptionalLong.of(2150858767L));
            assertThat(f.message()).contains("SequenceId " + Long.toUnsignedString(bad), id,
                    "expected 7 (retry) or 8");
        }
        assertThat(receive(id, OptionalLong.of(8)).body(ReceiveResponse.class).bytes("stdout"))
                .asString(StandardCharsets.UTF_8).isEqualTo("b");
    }

    @Test
    void aRetryAfterATimeoutReceivesAfreshAndUnnumberedReceivesAreUnchanged() throws Exception {
        String id = command();
        FakeProcess process = launcher.last();
        WsmanFault timedOut = receive(id, OptionalLong.of(0)).body(WsmanFault.class);
        assertThat(timedOut.isTimedOut()).isTrue();
        process.writeOut("late".getBytes(StandardCharsets.UTF_8));
        assertThat(receive(id, OptionalLong.of(0)).body(ReceiveResponse.class).bytes("stdout"))
                .asString(StandardCharsets.UTF_8).isEqualTo("late");

        // a client that does not number its Receives never gets output twice
        process.writeOut("x".getBytes(StandardCharsets.UTF_8));
        ReceiveResponse plain = receive(id, OptionalLong.empty()).body(ReceiveResponse.class);
        assertThat(plain.sequenceId()).isEmpty();
        assertThat(plain.bytes("stdout")).asString(StandardCharsets.UTF_8).isEqualTo("x");
        process.writeOut("y".getBytes(StandardCharsets.UTF_8));
        assertThat(receive(id, OptionalLong.empty()).body(ReceiveResponse.class).bytes("stdout"))
                .asString(StandardCharsets.UTF_8).isEqualTo("y");
    }

    @Test
    void aRetrySentWhileTheFirstReceiveStillWaitsSharesItsAnswer() throws Exception {
        String id = command();
        FakeProcess process = launcher.last();
        CompletableFuture<Envelope> original = receiveAsync(id, OptionalLong.of(4));
        CompletableFuture<Envelope> retry = receiveAsync(id, OptionalLong.of(4));
        process.writeOut("once".getBytes(StandardCharsets.UTF_8));
        ReceiveResponse a = original.get(5, TimeUnit.SECONDS).body(ReceiveResponse.class);
        ReceiveResponse b = retry.get(5, TimeUnit.SECONDS).body(ReceiveResponse.class);
        assertThat(a.bytes("stdout")).asString(StandardCharsets.UTF_8).isEqualTo("once");
        assertThat(b.streams()).isEqualTo(a.streams());
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private String command() throws Exception {
        return call(header(WsmanAction.COMMAND).withShellId(shell), new CommandRequest(null, "producer", List.of()))
                .body(CommandResponse.class).commandId();
    }

    private ReceiveResponse receiveUntilDone(String id, long firstNumber) throws Exception {
        long n = firstNumber;
        while (true) {
            Body body = receive(id, OptionalLong.of(n)).body();
            if (body instanceof ReceiveResponse r) {
                if (r.isDone()) {
                    return r;
                }
                n++;
            }
        }
    }

    private Envelope receive(String id, OptionalLong sequenceId) throws Exception {
        return receiveAsync(id, sequenceId).get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<Envelope> receiveAsync(String id, OptionalLong sequenceId) {
        return dispatcher.handle(request(header(WsmanAction.RECEIVE).withShellId(shell),
                new ReceiveRequest(id, List.of("stdout", "stderr"), sequenceId))).toCompletableFuture()
                .thenApply(reply -> CODEC.decode(reply.body()));
    }

    private Envelope call(Header header, Body body) throws Exception {
        return CODEC.decode(dispatcher.handle(request(header, body)).toCompletableFuture().get(10, TimeUnit.SECONDS)
                .body());
    }

    private static WsmanHttpRequest request(Header header, Body body) {
        return new WsmanHttpRequest(CODEC.encode(new Envelope(header, body)), StandardCharsets.UTF_8,
                new AuthenticatedUser("user", "Basic", Optional.empty(), List.of()), CLIENT,
                new InetSocketAddress("127.0.0.1", 5985), false, "test");
    }

    private static Header header(WsmanAction action) {
        return Header.request(action, ResourceUris.CMD_SHELL, "http://127.0.0.1:5985/wsman")
                .withMaxEnvelopeSize(512000).withOperationTimeout(TIMEOUT);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ReceiveSequenceWireTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
