package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DeleteRequest;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.EmptyBody;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.Option;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.command.WindowSize;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.dispatch.DispatchSettings;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import io.openwinrm.server.handler.ShellHandlers;
import io.openwinrm.server.shell.ShellContextFactory;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.transport.server.WsmanHttpRequest;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The login shell resource through the dispatcher, as {@code openwinrm enter} drives it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoginShellWireTest {

    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final String TO = "http://127.0.0.1:5985/wsman";
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50001);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private ShellManager manager;
    private WsmanDispatcher dispatcher;

    private record Received(String stdout, boolean done, int exitCode) {
    }

    @BeforeEach
    void start() {
        LocalProcessLauncher launcher = new LocalProcessLauncher();
        manager = ShellManager.builder(launcher, scheduler).limits(ShellLimits.DEFAULTS).build();
        ShellContextFactory contexts = new ShellContextFactory(AccessControl.singleUser().callers(),
                launcher, Optional.empty());
        dispatcher = new ShellHandlers(manager, blocking, contexts).register(WsmanDispatcher.builder(new DispatchSettings(
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
    void statefulCommandsOverTheWire() throws Exception {
        String shell = create(OptionSet.EMPTY);
        assertThat(run(shell, "cd /tmp && V=7")).isEqualTo(new Received("", true, 0));
        assertThat(run(shell, "echo $PWD $V; exit 9")).isEqualTo(new Received("/tmp 7\n", true, 9));
        Envelope after = call(WsmanAction.COMMAND, shell, new CommandRequest(null, "echo", List.of()));
        assertThat(fault(after)).contains(FaultKind.UNKNOWN_SHELL);
    }

    @Test
    void getReportsTheLoginResource() throws Exception {
        String shell = create(OptionSet.EMPTY);
        Header h = header(WsmanAction.GET, shell).withResourceUri(ResourceUris.SHELL);
        ShellInfo info = CODEC.decode(dispatcher.handle(request(h, new EmptyBody())).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).body()).body(ShellInfo.class);
        assertThat(info.resourceUri()).isEqualTo(ResourceUris.LOGIN_SHELL);
        // after a command, the shell's own process (its supervisor or its interpreter), never the server
        assertThat(run(shell, "true")).isEqualTo(new Received("", true, 0));
        ShellInfo busy = CODEC.decode(dispatcher.handle(request(h, new EmptyBody())).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).body()).body(ShellInfo.class);
        assertThat(busy.processId()).isPresent();
        long pid = busy.processId().getAsLong();
        assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        assertThat(busy.memoryUsed()).matches("[1-9][0-9]*MB");
    }

    @Test
    void ptyShellWithWindowSizeSignal() throws Exception {
        String shell = create(OptionSet.of(new Option(ShellOption.OPENWINRM_PTY, "TRUE", false),
                new Option(ShellOption.OPENWINRM_PTY_COLUMNS, "132", false),
                new Option(ShellOption.OPENWINRM_PTY_ROWS, "43", false)));
        String cmd = command(shell, "stty size; read x; stty size");
        StringBuilder screen = new StringBuilder();
        while (!screen.toString().contains("43 132\r\n")) {
            screen.append(receive(shell, cmd).stdout());
        }
        Envelope bad = call(WsmanAction.SIGNAL, shell,
                new SignalRequest(cmd, WindowSize.URI_PREFIX + "?columns=0&rows=5"));
        assertThat(fault(bad)).contains(FaultKind.INVALID_PARAMETER);
        Envelope resized = call(WsmanAction.SIGNAL, shell, new SignalRequest(cmd,
                new WindowSize(100, 50).uri()));
        assertThat(resized.body()).isNotInstanceOf(WsmanFault.class);
        call(WsmanAction.SEND, shell, new SendRequest(List.of(new StreamData("stdin", cmd,
                "\r".getBytes(StandardCharsets.UTF_8), false))));
        Received r;
        do {
            r = receive(shell, cmd);
            screen.append(r.stdout());
        } while (!r.done());
        assertThat(screen.toString()).endsWith("50 100\r\n");
        assertThat(call(WsmanAction.DELETE, shell, new DeleteRequest()).body()).isNotInstanceOf(WsmanFault.class);
    }

    @Test
    void malformedPtyOptionsAreInvalidOptions() throws Exception {
        Envelope reply = call(header(WsmanAction.CREATE, null).withOptions(OptionSet.of(
                new Option(ShellOption.OPENWINRM_PTY, "TRUE", false),
                new Option(ShellOption.OPENWINRM_PTY_ROWS, "0", false))), createBody());
        assertThat(fault(reply)).contains(FaultKind.INVALID_OPTIONS);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private String create(OptionSet options) throws Exception {
        return call(header(WsmanAction.CREATE, null).withOptions(options), createBody())
                .body(ShellCreated.class).shellId();
    }

    private static CreateShell createBody() {
        return new CreateShell(null, List.of("stdin"), List.of("stdout", "stderr"), null, Map.of(), Optional.empty(),
                Optional.empty(), null, null);
    }

    private Received run(String shell, String line) throws Exception {
        String cmd = command(shell, line);
        StringBuilder out = new StringBuilder();
        Received r;
        do {
            r = receive(shell, cmd);
            out.append(r.stdout());
        } while (!r.done());
        return new Received(out.toString(), true, r.exitCode());
    }

    private String command(String shell, String line) throws Exception {
        return call(WsmanAction.COMMAND, shell, new CommandRequest(null, line, List.of()))
                .body(CommandResponse.class).commandId();
    }

    private Received receive(String shell, String cmd) throws Exception {
        Envelope reply = call(WsmanAction.RECEIVE, shell, new ReceiveRequest(cmd, List.of("stdout", "stderr")));
        if (reply.body() instanceof WsmanFault f && f.isTimedOut()) {
            return new Received("", false, 0);
        }
        ReceiveResponse r = reply.body(ReceiveResponse.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.streams().stream().filter(s -> s.name().equals("stdout")).forEach(s -> out.writeBytes(s.data()));
        boolean done = r.commandState().state() == CommandState.DONE;
        return new Received(out.toString(StandardCharsets.UTF_8), done,
                done ? r.commandState().exitCode().orElseThrow() : 0);
    }

    private static Optional<FaultKind> fault(Envelope reply) {
        assertThat(reply.body()).isInstanceOf(WsmanFault.class);
        return ((WsmanFault) reply.body()).kind();
    }

    private Envelope call(WsmanAction action, String shell, Body body) throws Exception {
        return call(header(action, shell), body);
    }

    private Envelope call(Header header, Body body) throws Exception {
        return CODEC.decode(dispatcher.handle(request(header, body)).toCompletableFuture().get(20, TimeUnit.SECONDS)
                .body());
    }

    private static Header header(WsmanAction action, String shell) {
        Header h = Header.request(action, ResourceUris.LOGIN_SHELL, TO).withMaxEnvelopeSize(512000)
                .withOperationTimeout(Duration.ofSeconds(5));
        return shell == null ? h : h.withShellId(shell);
    }

    private static WsmanHttpRequest request(Header header, Body body) {
        return new WsmanHttpRequest(CODEC.encode(new Envelope(header, body)), StandardCharsets.UTF_8,
                new AuthenticatedUser("alice", "Basic", Optional.empty(), List.of()), CLIENT,
                new InetSocketAddress("127.0.0.1", 5985), false, "test");
    }
}
