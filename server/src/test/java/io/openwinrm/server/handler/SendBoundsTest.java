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
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.SendResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
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

/**
 * Sends to a command that does not read its input, through the dispatcher with a real process (issue 9, finding 5):
 * every Send is answered before its OperationTimeout — accepted, TimedOut with nothing accepted, or refused at once —
 * and what the command holds stays bounded; the shell keeps working.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SendBoundsTest {

    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50001);
    private static final int QUEUE = 8192;
    private static final int SEND = 16 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private ShellManager manager;
    private WsmanDispatcher dispatcher;

    @BeforeEach
    void start() {
        manager = ShellManager.builder(new JdkProcessLauncher(), scheduler).limits(ShellLimits.builder()
                .stdinBufferBytes(QUEUE).maxWaitingSends(2).maxWaitingSendBytes(2 * SEND).build()).build();
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
    void concurrentSendsToACommandThatDoesNotReadAreAllAnsweredInTimeAndHoldLittle() throws Exception {
        String shell = call(header(WsmanAction.CREATE, null), new CreateShell(null, List.of("stdin"),
                List.of("stdout", "stderr"), null, Map.of(), Optional.empty(), Optional.empty(), null, null))
                .body(ShellCreated.class).shellId();
        String sleeper = command(shell, "sleep 30");
        // one Send at a time until the pipe (64 KiB) and the queue are full: that one times out
        int filled = 0;
        while (true) {
            Body body = call(header(WsmanAction.SEND, shell), new SendRequest(List.of(new StreamData("stdin",
                    sleeper, new byte[SEND], false)))).body();
            if (body instanceof WsmanFault f && f.isTimedOut()) {
                break;
            }
            assertThat(body).isInstanceOf(SendResponse.class);
            filled++;
            assertThat(filled).as("Sends accepted before the input is full").isLessThan(16);
        }

        int sends = 40;
        long started = System.nanoTime();
        List<CompletableFuture<WsmanReply>> replies = new ArrayList<>();
        List<Long> answeredAfterMs = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < sends; i++) {
            CompletableFuture<WsmanReply> r = dispatcher.handle(request(header(WsmanAction.SEND, shell),
                    new SendRequest(List.of(new StreamData("stdin", sleeper, new byte[SEND], false)))))
                    .toCompletableFuture();
            r.thenRun(() -> answeredAfterMs.add((System.nanoTime() - started) / 1_000_000));
            replies.add(r);
        }
        int accepted = 0;
        int timedOut = 0;
        int refused = 0;
        for (CompletableFuture<WsmanReply> r : replies) {
            Body body = CODEC.decode(r.get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS).body()).body();
            if (body instanceof SendResponse) {
                accepted++;
            } else {
                WsmanFault f = (WsmanFault) body;
                if (f.isTimedOut()) {
                    assertThat(f.wsmanCode()).isEqualTo(OptionalLong.of(2150858793L));
                    assertThat(f.message()).contains("OperationTimeout", "none of its 16384 bytes was accepted");
                    timedOut++;
                } else {
                    assertThat(f.kind()).contains(FaultKind.QUOTA_INPUT_BACKLOG);
                    assertThat(f.subcode()).isEqualTo("w:QuotaLimit");
                    assertThat(f.wsmanCode()).isEqualTo(OptionalLong.of(2150859242L));
                    assertThat(f.message()).contains("Command " + sleeper, "at most 2 Sends and 32768 bytes may wait");
                    refused++;
                }
            }
        }
        assertThat(answeredAfterMs).hasSize(sends).allSatisfy(ms -> assertThat(ms).isLessThan(TIMEOUT.toMillis()));
        assertThat(accepted).isZero();
        assertThat(timedOut).as("the waiting Sends, answered TimedOut").isEqualTo(2);
        assertThat(refused).as("refused at once").isEqualTo(sends - 2);
        // accepted: what the kernel pipe (64 KiB) took and one chunk in the queue
        assertThat((long) filled * SEND).isLessThanOrEqualTo(64 * 1024 + SEND + QUEUE);
        RunningCommand stuck = manager.find("user", shell).command(sleeper);
        assertThat(stuck.heldInputBytes()).as("held once every Send is answered").isLessThanOrEqualTo(SEND + QUEUE);
        assertThat(stuck.stdinBytes()).isEqualTo((long) filled * SEND);

        // the shell keeps working, input included
        String cat = command(shell, "cat");
        assertThat(call(header(WsmanAction.SEND, shell), new SendRequest(List.of(new StreamData("stdin", cat,
                "still here".getBytes(StandardCharsets.UTF_8), true)))).body()).isInstanceOf(SendResponse.class);
        assertThat(output(shell, cat)).isEqualTo("still here");
    }

    @Test
    void aSendCarriesInputForOneCommand() throws Exception {
        String shell = call(header(WsmanAction.CREATE, null), new CreateShell(null, List.of("stdin"),
                List.of("stdout", "stderr"), null, Map.of(), Optional.empty(), Optional.empty(), null, null))
                .body(ShellCreated.class).shellId();
        String a = command(shell, "cat");
        String b = command(shell, "cat");
        WsmanFault f = call(header(WsmanAction.SEND, shell), new SendRequest(List.of(
                new StreamData("stdin", a, new byte[] {'a'}, false),
                new StreamData("stdin", b, new byte[] {'b'}, false)))).body(WsmanFault.class);
        assertThat(f.kind()).contains(FaultKind.INVALID_PARAMETER);
        assertThat(manager.find("user", shell).command(a).stdinBytes()).isZero();
        // two Stream elements for one command are one piece of input
        assertThat(call(header(WsmanAction.SEND, shell), new SendRequest(List.of(
                new StreamData("stdin", a, "one ".getBytes(StandardCharsets.UTF_8), false),
                new StreamData("stdin", a.toLowerCase(), "two".getBytes(StandardCharsets.UTF_8), true)))).body())
                .isInstanceOf(SendResponse.class);
        assertThat(output(shell, a)).isEqualTo("one two");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private String command(String shell, String line) throws Exception {
        return call(header(WsmanAction.COMMAND, shell), new CommandRequest(null, line, List.of()))
                .body(CommandResponse.class).commandId();
    }

    private String output(String shell, String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            Envelope reply = call(header(WsmanAction.RECEIVE, shell), new ReceiveRequest(command,
                    List.of("stdout", "stderr")));
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

    private Envelope call(Header header, Body body) throws Exception {
        return CODEC.decode(dispatcher.handle(request(header, body)).toCompletableFuture().get(10, TimeUnit.SECONDS)
                .body());
    }

    private static WsmanHttpRequest request(Header header, Body body) {
        return new WsmanHttpRequest(CODEC.encode(new Envelope(header, body)), StandardCharsets.UTF_8,
                new AuthenticatedUser("user", "Basic", Optional.empty(), List.of()), CLIENT,
                new InetSocketAddress("127.0.0.1", 5985), false, "test");
    }

    /**
     * OpenWinRM's own URI of the cmd endpoint: its commands may run concurrently (on the WinRS cmd URI one at a time,
     * as on Windows, [MS-WSMV] note &lt;121&gt;).
     */
    private static Header header(WsmanAction action, String shell) {
        Header h = Header.request(action, "http://schemas.openwinrm.io/wbem/wsman/1/shell/cmd",
                "http://127.0.0.1:5985/wsman")
                .withMaxEnvelopeSize(512000).withOperationTimeout(TIMEOUT);
        return shell == null ? h : h.withShellId(shell);
    }
}
