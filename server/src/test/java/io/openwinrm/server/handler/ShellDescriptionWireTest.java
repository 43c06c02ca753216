package io.openwinrm.server.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellInfo;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * rsp:Shell of Create, Get and Enumerate against Windows' shapes (issue 10, item 8): the WorkingDirectory echoed,
 * Locale and DataLocale as the Create asked, the shell's own ProcessId (never the server's) and MemoryUsed, in
 * Windows' element order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShellDescriptionWireTest {

    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final long SERVER_PID = ProcessHandle.current().pid();

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
    void createEchoesTheWorkingDirectoryAfterClientIpAsWindowsDoes() throws Exception {
        Envelope reply = call(header(WsmanAction.CREATE), create("/tmp"));
        String xml = new String(CODEC.encode(reply), StandardCharsets.UTF_8);
        assertThat(xml).contains("</rsp:ClientIP><rsp:WorkingDirectory>/tmp</rsp:WorkingDirectory><rsp:IdleTimeOut>");
        assertThat(reply.body(ShellCreated.class).workingDirectory()).isEqualTo("/tmp");
        // without one, none is written (winrs-create.response.xml)
        String plain = new String(CODEC.encode(call(header(WsmanAction.CREATE), create(null))), StandardCharsets.UTF_8);
        assertThat(plain).doesNotContain("WorkingDirectory");
    }

    @Test
    void getReportsLocalesWorkingDirectoryAndTheShellsOwnProcessInWindowsOrder() throws Exception {
        String shell = call(header(WsmanAction.CREATE).withLocale("de-DE").withDataLocale("fr-FR"), create("/tmp"))
                .body(ShellCreated.class).shellId();
        ShellInfo idle = get(shell);
        assertThat(idle.workingDirectory()).isEqualTo("/tmp");
        assertThat(idle.locale()).isEqualTo("de-DE");
        assertThat(idle.dataLocale()).isEqualTo("fr-FR");
        assertThat(idle.processId()).as("a cmd shell that runs nothing has no process").isEmpty();
        assertThat(idle.memoryUsed()).isEqualTo("0MB");

        String command = call(header(WsmanAction.COMMAND).withShellId(shell),
                new CommandRequest(null, "exec sleep 30", List.of())).body(CommandResponse.class).commandId();
        assertThat(command).isNotBlank();
        long pid = waitFor(shell, info -> info.processId().isPresent()).processId().getAsLong();
        assertThat(pid).isNotEqualTo(SERVER_PID);
        assertThat(ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .as("the command's process, started by this server").contains(SERVER_PID);
        // once its sh has exec'd sleep, the same process, and its memory
        ShellInfo busy = waitFor(shell, info -> ProcessHandle.of(pid)
                .map(p -> p.info().command().orElse("").endsWith("sleep")).orElse(false));
        assertThat(busy.processId()).hasValue(pid);
        long rssMb = ShellProcesses.vmRss(pid) / (1024 * 1024);
        assertThat(megabytes(busy.memoryUsed())).isPositive().isBetween(rssMb, rssMb + 2);

        Envelope getReply = call(header(WsmanAction.GET).withShellId(shell), new EmptyBody());
        assertThat(elementOrder(new String(CODEC.encode(getReply), StandardCharsets.UTF_8)))
                .as("Windows' order (wsman-get-shell.response.xml), plus WorkingDirectory after ProcessId")
                .containsSubsequence(windowsGetOrder());
    }

    @Test
    void defaultLocaleIsEnUsAndDataLocaleFollowsLocale() throws Exception {
        String a = call(header(WsmanAction.CREATE), create(null)).body(ShellCreated.class).shellId();
        String b = call(header(WsmanAction.CREATE).withLocale("ja-JP"), create(null)).body(ShellCreated.class)
                .shellId();
        assertThat(get(a).locale()).isEqualTo("en-US");
        assertThat(get(a).dataLocale()).isEqualTo("en-US");
        assertThat(get(b).dataLocale()).isEqualTo("ja-JP");
        assertThat(get(a).workingDirectory()).isNull();
    }

    @Test
    void twoBusyShellsReportTwoDifferentProcessesInTheirEnumeration() throws Exception {
        List<String> shells = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String shell = call(header(WsmanAction.CREATE), create(null)).body(ShellCreated.class).shellId();
            call(header(WsmanAction.COMMAND).withShellId(shell), new CommandRequest(null, "exec sleep 30", List.of()));
            waitFor(shell, info -> info.processId().isPresent());
            shells.add(shell);
        }
        List<ShellInfo> items = call(header(WsmanAction.ENUMERATE).withResourceUri(ResourceUris.SHELL),
                new EnumerateRequest(true, OptionalInt.of(10))).body(EnumerateResponse.class).items();
        assertThat(items).hasSize(2);
        assertThat(items).allSatisfy(i -> {
            assertThat(i.processId()).isPresent();
            assertThat(i.processId().getAsLong()).isNotEqualTo(SERVER_PID);
            assertThat(i.locale()).isEqualTo("en-US");
            assertThat(i.memoryUsed()).matches("[0-9]+MB");
        });
        assertThat(items.get(0).processId()).isNotEqualTo(items.get(1).processId());
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static List<String> windowsGetOrder() throws Exception {
        // the recorded Windows vector, kept with the protocol module's tests (tests run in the module directory)
        String xml = Files.readString(Path.of("../protocol/src/test/resources/vectors/wsman-get-shell.response.xml"));
        List<String> order = new ArrayList<>(elementOrder(xml));
        order.add(order.indexOf("ProcessId") + 1, "WorkingDirectory");
        return order;
    }

    /** The local names of the rsp:Shell children, in document order. */
    private static List<String> elementOrder(String xml) {
        String shell = xml.substring(xml.indexOf("<rsp:Shell"), xml.indexOf("</rsp:Shell>"));
        Matcher m = Pattern.compile("<rsp:([A-Za-z]+)>").matcher(shell);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static long megabytes(String memoryUsed) {
        assertThat(memoryUsed).matches("[0-9]+MB");
        return Long.parseLong(memoryUsed.substring(0, memoryUsed.length() - 2));
    }

    private ShellInfo waitFor(String shell, java.util.function.Predicate<ShellInfo> condition) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            ShellInfo info = get(shell);
            if (condition.test(info)) {
                return info;
            }
            assertThat(System.nanoTime()).as("condition in time").isLessThan(until);
            Thread.sleep(50);
        }
    }

    private ShellInfo get(String shell) throws Exception {
        return call(header(WsmanAction.GET).withShellId(shell).withResourceUri(ResourceUris.SHELL), new EmptyBody())
                .body(ShellInfo.class);
    }

    private static CreateShell create(String workingDirectory) {
        return new CreateShell(null, List.of("stdin"), List.of("stdout", "stderr"), workingDirectory, Map.of(),
                Optional.empty(), Optional.empty(), null, null);
    }

    private Envelope call(Header header, Body body) throws Exception {
        WsmanHttpRequest request = new WsmanHttpRequest(CODEC.encode(new Envelope(header, body)),
                StandardCharsets.UTF_8, new AuthenticatedUser("alice", "Basic", Optional.empty(), List.of()),
                new InetSocketAddress("127.0.0.1", 50001), new InetSocketAddress("127.0.0.1", 5985), false, "test");
        return CODEC.decode(dispatcher.handle(request).toCompletableFuture().get(20, TimeUnit.SECONDS).body());
    }

    private static Header header(WsmanAction action) {
        return Header.request(action, ResourceUris.CMD_SHELL, "http://127.0.0.1:5985/wsman")
                .withMaxEnvelopeSize(512000).withOperationTimeout(Duration.ofSeconds(5));
    }
}
