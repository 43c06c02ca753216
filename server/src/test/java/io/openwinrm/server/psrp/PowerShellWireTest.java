package io.openwinrm.server.psrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerationFilter;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.SendRequest;
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
import io.openwinrm.psrp.message.DotNetGuid;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.audit.AuditLog;
import io.openwinrm.server.audit.AuditTrail;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.dispatch.DispatchSettings;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.EndpointRegistry;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.server.handler.ShellHandlers;
import io.openwinrm.server.identity.ServerAccount;
import io.openwinrm.server.psrp.engine.EngineOutput;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.psrp.engine.RunspacePoolEngine;
import io.openwinrm.server.shell.ShellContextFactory;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.testing.JdkProcessLauncher;
import io.openwinrm.transport.server.WsmanHttpRequest;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The WS-Man layer of PowerShell shells driven with the requests Windows recorded from pypsrp
 * (shared/vectors/windows/psrp-*.xml), an engine that answers with the fragments Windows sent: our responses have
 * Windows' shapes (elements, attributes, order), fragments pass through byte for byte, and the faults are typed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PowerShellWireTest {

    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final Path VECTORS = Path.of("../protocol/src/test/resources/vectors");
    private static final String URI = "http://schemas.microsoft.com/powershell/Microsoft.PowerShell";
    /** The shell of the recorded Command and Receive. */
    private static final String SHELL = "49EE5C41-E806-4A44-B192-DAD4B3AEECB5";
    private static final String COMMAND = "79590BBD-46E2-486A-85B0-70EA7049235E";

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private final List<FakeEngine> engines = new CopyOnWriteArrayList<>();
    private ShellManager manager;
    private WsmanDispatcher dispatcher;

    @BeforeEach
    void start() {
        manager = ShellManager.builder(new JdkProcessLauncher(), scheduler).limits(ShellLimits.DEFAULTS).build();
        Endpoint ps = Endpoint.defaultPowerShell(Optional.empty());
        AccessControl access = new AccessControl(EndpointRegistry.of(List.of(Endpoint.defaultShell(), ps)),
                new CallerResolver(new ServerAccount(), IsolationMode.OFF), Optional.empty(), AuditLog.NONE);
        PowerShellEngines fakes = new PowerShellEngines(Map.of(EndpointKind.POWERSHELL, (context, output) -> {
            FakeEngine e = new FakeEngine(output);
            engines.add(e);
            return e;
        }));
        dispatcher = new ShellHandlers(manager, blocking, new ShellContextFactory(access.callers(),
                manager.launcher(), Optional.empty()), fakes).register(WsmanDispatcher.builder(
                        new DispatchSettings(DispatchSettings.DEFAULT_MAX_ENVELOPE_SIZE,
                                DispatchSettings.DEFAULT_MAX_TIMEOUT, "test", List.of()))
                .access(access, new AuditTrail(AuditLog.NONE, "server"))).build();
    }

    @AfterEach
    void stop() {
        manager.close();
        scheduler.shutdownNow();
        blocking.shutdownNow();
    }

    @Test
    void createAdoptsTheClientShellIdAndAnswersInWindowsShape() throws Exception {
        String reply = call(recorded("psrp-create.request.xml"));
        String windows = Files.readString(VECTORS.resolve("psrp-create.response.xml"));
        assertThat(shape(reply)).isEqualTo(shape(windows));
        assertThat(reply).contains("<w:Selector Name=\"ShellId\">76056A84-51DC-4F24-9262-CA2A55464B2B</w:Selector>")
                .contains("<rsp:InputStreams>stdin pr</rsp:InputStreams>").contains("<rsp:ProcessId>4242<");
        FakeEngine engine = engines.get(0);
        Envelope request = recorded("psrp-create.request.xml");
        byte[] creation = Base64.getDecoder().decode(((CreateShell) request.body()).creationXml().strip());
        assertThat(engine.calls).containsExactly("pool " + Base64.getEncoder().encodeToString(creation));
    }

    @Test
    void aPwshThatCannotRunIsRefusedAtCreateSayingWhy() throws Exception {
        Endpoint broken = new Endpoint("Broken", "", Endpoint.uris("Broken"), EndpointKind.POWERSHELL,
                AccessList.DEFAULT, new RunAs.Caller(),
                ResourceLimits.NONE, Optional.empty(),
                RoleDefinitions.NONE, Map.of(), false,
                Optional.of(Path.of("/nonexistent/pwsh")));
        AccessControl access = new AccessControl(EndpointRegistry.of(List.of(broken)),
                new CallerResolver(new ServerAccount(), IsolationMode.OFF), Optional.empty(), AuditLog.NONE);
        WsmanDispatcher real = new ShellHandlers(manager, blocking, new ShellContextFactory(access.callers(),
                manager.launcher(), Optional.empty()), PowerShellEngines.defaults()).register(WsmanDispatcher.builder(
                        new DispatchSettings(DispatchSettings.DEFAULT_MAX_ENVELOPE_SIZE,
                                DispatchSettings.DEFAULT_MAX_TIMEOUT, "test", List.of()))
                .access(access, new AuditTrail(AuditLog.NONE, "server"))).build();
        Envelope create = recorded("psrp-create.request.xml");
        String reply = new String(real.handle(request(new Envelope(create.header().withResourceUri(
                "http://schemas.microsoft.com/PowerShell/Broken"), create.body()))).toCompletableFuture()
                .get(20, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8);
        assertThat(reply).contains("Code=\"1359\"").contains("/nonexistent/pwsh does not exist");
        assertThat(manager.size()).isZero();
    }

    @Test
    void protocolVersionIsRequiredAndMustBeTwo() throws Exception {
        Envelope create = recorded("psrp-create.request.xml");
        String missing = call(new Envelope(create.header().withOptions(OptionSet.EMPTY), create.body()));
        assertThat(missing).contains("Code=\"2152991687\"");
        String three = call(new Envelope(create.header().withOptions(OptionSet.of(new Option("protocolversion",
                "3.0"))), create.body()));
        assertThat(three).contains("Code=\"2152991685\"").contains("PSProtocolVersionError");
        assertThat(engines).isEmpty();
        assertThat(manager.size()).isZero();
    }

    @Test
    void poolReceiveCarriesEachFragmentInAStreamWithoutCommandId() throws Exception {
        createShell();
        String windows = Files.readString(VECTORS.resolve("psrp-receive-capability.response.xml"));
        for (byte[] fragments : streams(windows)) {
            engines.get(0).output.poolOutput(fragments);
        }
        String reply = call(new Envelope(header(WsmanAction.RECEIVE), new ReceiveRequest(null, List.of("stdout"))));
        assertThat(shape(reply)).isEqualTo(shape(windows));
        assertThat(streams(reply)).usingRecursiveComparison().isEqualTo(streams(windows));
    }

    @Test
    void commandThenPipelineReceiveEndsWithDoneAsWindowsDoes() throws Exception {
        createShell();
        String command = call(recorded("psrp-command.request.xml"));
        assertThat(shape(command)).isEqualTo(shape(Files.readString(VECTORS.resolve("psrp-command.response.xml"))));
        assertThat(command).contains("<rsp:CommandId>" + COMMAND + "</rsp:CommandId>");
        FakeEngine engine = engines.get(0);
        assertThat(engine.calls).anyMatch(c -> c.startsWith("create " + COMMAND.toLowerCase()));
        String windows = Files.readString(VECTORS.resolve("psrp-receive-output.response.xml"));
        UUID pipeline = UUID.fromString(COMMAND);
        for (byte[] fragments : streams(windows)) {
            engine.output.pipelineOutput(pipeline, fragments);
        }
        engine.output.pipelineDone(pipeline);
        String reply = call(new Envelope(header(WsmanAction.RECEIVE), new ReceiveRequest(COMMAND,
                List.of("stdout"))));
        assertThat(shape(reply)).isEqualTo(shape(windows));
        assertThat(body(reply)).isEqualTo(body(windows));
        String again = call(new Envelope(header(WsmanAction.RECEIVE), new ReceiveRequest(COMMAND,
                List.of("stdout"))));
        assertThat(again).contains("Code=\"2150858843\"");
        String terminate = call(new Envelope(header(WsmanAction.SIGNAL), new SignalRequest(COMMAND,
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/Terminate")));
        assertThat(terminate).contains("SignalResponse");
    }

    @Test
    void aRetriedNumberedReceiveGetsTheSameFragmentsAgain() throws Exception {
        createShell();
        call(recorded("psrp-command.request.xml"));
        FakeEngine engine = engines.get(0);
        String windows = Files.readString(VECTORS.resolve("psrp-receive-output.response.xml"));
        UUID pipeline = UUID.fromString(COMMAND);
        for (byte[] fragments : streams(windows)) {
            engine.output.pipelineOutput(pipeline, fragments);
        }
        engine.output.pipelineDone(pipeline);
        Envelope numbered = new Envelope(header(WsmanAction.RECEIVE), new ReceiveRequest(COMMAND, List.of("stdout"),
                OptionalLong.of(7)));
        String first = call(numbered);
        String retry = call(numbered);
        assertThat(body(retry)).isEqualTo(body(first));
        assertThat(first).contains("SequenceId=\"7\"").contains("CommandState/Done");
        String next = call(new Envelope(header(WsmanAction.RECEIVE), new ReceiveRequest(COMMAND, List.of("stdout"),
                OptionalLong.of(8))));
        assertThat(next).contains("Code=\"2150858843\"");
    }

    @Test
    void nothingToSayIsTheTimedOutFault() throws Exception {
        createShell();
        String reply = call(new Envelope(header(WsmanAction.RECEIVE).withOperationTimeout(Duration.ofSeconds(1)),
                new ReceiveRequest(null, List.of("stdout"))));
        assertThat(shape(reply)).isEqualTo(shape(Files.readString(
                VECTORS.resolve("psrp-receive-timeout.response.xml"))));
        assertThat(reply).contains("Code=\"2150858793\"");
    }

    @Test
    void ctrlCStopsInBothSpellingsAndHostResponsesAreRoutedByTheirHeader() throws Exception {
        createShell();
        call(recorded("psrp-command.request.xml"));
        FakeEngine engine = engines.get(0);
        for (String code : List.of("powershell/signal/crtl_c", "powershell/signal/ctrl_c")) {
            String reply = call(new Envelope(header(WsmanAction.SIGNAL), new SignalRequest(COMMAND, code)));
            assertThat(reply).contains("SignalResponse");
        }
        assertThat(engine.calls).filteredOn(c -> c.startsWith("stop ")).hasSize(2);
        UUID swapped = FragmentBoundaries.swapped(UUID.fromString(COMMAND));
        byte[] hostResponse = fragment(1, message(0x00041101, UUID.fromString(SHELL), swapped));
        String reply = call(new Envelope(header(WsmanAction.SEND), new SendRequest(List.of(
                new StreamData("pr", null, hostResponse, false)))));
        assertThat(reply).contains("SendResponse");
        assertThat(engine.calls).last().asString().startsWith("pool ");
        byte[] pipelineResponse = fragment(2, message(0x00041101, UUID.fromString(SHELL), UUID.fromString(COMMAND)));
        call(new Envelope(header(WsmanAction.SEND), new SendRequest(List.of(
                new StreamData("pr", null, pipelineResponse, false)))));
        assertThat(engine.calls).last().asString().startsWith("input " + COMMAND.toLowerCase());
    }

    @Test
    void malformedFragmentsAndUnknownPipelinesAreFaults() throws Exception {
        createShell();
        String bad = call(new Envelope(header(WsmanAction.SEND), new SendRequest(List.of(
                new StreamData("stdin", null, new byte[] {0, 0, 0, 0, 0, 0, 0, 9, 1}, false)))));
        assertThat(bad).contains("Code=\"13\"").contains("does not hold whole PSRP fragments");
        String unknown = call(new Envelope(header(WsmanAction.RECEIVE), new ReceiveRequest(
                UUID.randomUUID().toString(), List.of("stdout"))));
        assertThat(unknown).contains("Code=\"2150858843\"");
        String mismatch = call(new Envelope(header(WsmanAction.COMMAND), new CommandRequest(
                UUID.randomUUID().toString().toUpperCase(), "", List.of(Base64.getEncoder().encodeToString(
                fragment(3, message(0x00021006, UUID.fromString(SHELL), UUID.randomUUID())))))));
        assertThat(mismatch).contains("Code=\"13\"").contains("the CommandId");
        String poolSignal = call(new Envelope(header(WsmanAction.SIGNAL), new SignalRequest(null,
                "powershell/signal/crtl_c")));
        assertThat(poolSignal).contains("Code=\"87\"");
    }

    @Test
    void anEngineThatEndsFailsPendingAndLaterOperationsWithItsReason() throws Exception {
        createShell();
        FakeEngine engine = engines.get(0);
        var pending = dispatcher.handle(request(new Envelope(header(WsmanAction.RECEIVE)
                .withOperationTimeout(Duration.ofSeconds(20)), new ReceiveRequest(null, List.of("stdout")))));
        Thread.sleep(200);
        engine.output.engineEnded("pwsh closed its output (exit code 1: boom)");
        String first = new String(pending.toCompletableFuture().get(10, TimeUnit.SECONDS).body(),
                StandardCharsets.UTF_8);
        assertThat(first).contains("The PowerShell session ended: pwsh closed its output (exit code 1: boom)");
        String later = call(recorded("psrp-command.request.xml"));
        assertThat(later).contains("The PowerShell session ended");
        String delete = call(new Envelope(header(WsmanAction.DELETE), new EmptyBody()));
        assertThat(delete).doesNotContain("Fault");
        Thread.sleep(200);
        assertThat(engine.closed).isTrue();
    }

    @Test
    void deleteClosesTheEngineAndDisconnectWakesThePoolReceive() throws Exception {
        createShell();
        var pending = dispatcher.handle(request(new Envelope(header(WsmanAction.RECEIVE)
                .withOperationTimeout(Duration.ofSeconds(20)), new ReceiveRequest(null, List.of("stdout")))));
        Thread.sleep(200);
        String disconnect = call(recorded("psrp-disconnect.request.xml").header().withShellId(SHELL),
                recorded("psrp-disconnect.request.xml").body());
        assertThat(disconnect).doesNotContain("Fault");
        assertThat(new String(pending.toCompletableFuture().get(5, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8))
                .contains("TimedOut");
        String reconnect = call(header(WsmanAction.RECONNECT), recorded("psrp-reconnect.request.xml").body());
        assertThat(reconnect).doesNotContain("Fault");
        String delete = call(recorded("psrp-delete.request.xml").header().withShellId(SHELL), new EmptyBody());
        assertThat(shape(delete)).isEqualTo(shape(Files.readString(VECTORS.resolve("psrp-delete.response.xml"))));
        Thread.sleep(200);
        assertThat(engines.get(0).closed).isTrue();
        assertThat(manager.size()).isZero();
    }

    @Test
    void enumerationListsThePoolAsGetPSSessionNeedsItAndItsPipelines() throws Exception {
        createShell();
        call(recorded("psrp-command.request.xml"));
        String shells = call(new Envelope(Header.request(WsmanAction.ENUMERATE, ResourceUris.SHELL,
                "http://127.0.0.1:5985/wsman"), new EnumerateRequest(true, OptionalInt.of(32000))));
        assertThat(shells).contains("<rsp:ShellId>" + SHELL + "</rsp:ShellId>")
                .containsPattern("<rsp:Name>Runspace\\d+</rsp:Name>")
                .contains("<rsp:ResourceUri>" + URI + "</rsp:ResourceUri>").contains("<rsp:State>Connected</rsp:State>");
        String commands = call(new Envelope(Header.request(WsmanAction.ENUMERATE, ResourceUris.SHELL_COMMAND,
                "http://127.0.0.1:5985/wsman"), new EnumerateRequest(true, OptionalInt.of(32000),
                Optional.of(EnumerationFilter.shell(SHELL)))));
        assertThat(commands).contains("<rsp:CommandId>" + COMMAND + "</rsp:CommandId>");
        String get = call(new Envelope(header(WsmanAction.GET), new EmptyBody()));
        assertThat(get).contains("<rsp:ShellId>" + SHELL + "</rsp:ShellId>").contains("<rsp:ProcessId>4242<")
                .containsPattern("<rsp:Name>Runspace\\d+</rsp:Name>");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** Creates the recorded pool under the ShellId of the recorded Command. */
    private void createShell() throws Exception {
        Envelope create = recorded("psrp-create.request.xml");
        CreateShell c = (CreateShell) create.body();
        String reply = call(create.header(), new CreateShell(SHELL, c.inputStreams(), c.outputStreams(),
                c.workingDirectory(), c.environment(), c.idleTimeout(), c.lifetime(), c.name(), c.creationXml()));
        assertThat(reply).contains("ResourceCreated");
    }

    private static Envelope recorded(String name) throws Exception {
        return CODEC.decode(Files.readAllBytes(VECTORS.resolve(name)));
    }

    private static Header header(WsmanAction action) {
        return Header.request(action, URI, "http://127.0.0.1:5985/wsman").withShellId(SHELL)
                .withMaxEnvelopeSize(512000).withOperationTimeout(Duration.ofSeconds(5));
    }

    private String call(Envelope e) throws Exception {
        return new String(dispatcher.handle(request(e)).toCompletableFuture().get(20, TimeUnit.SECONDS).body(),
                StandardCharsets.UTF_8);
    }

    private String call(Header h, Body b) throws Exception {
        return call(new Envelope(h, b));
    }

    private static WsmanHttpRequest request(Envelope e) {
        return new WsmanHttpRequest(CODEC.encode(e), StandardCharsets.UTF_8,
                new AuthenticatedUser("alice", "Basic", Optional.empty(), List.of()),
                new InetSocketAddress("127.0.0.1", 50001), new InetSocketAddress("127.0.0.1", 5985), false, "test");
    }

    /** The decoded payloads of every rsp:Stream of a response. */
    private static List<byte[]> streams(String xml) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("<(?:\\w+:)?Stream\\b[^>]*>([A-Za-z0-9+/=\\s]+)</").matcher(xml);
        while (m.find()) {
            out.add(Base64.getDecoder().decode(m.group(1).replaceAll("\\s", "")));
        }
        return out;
    }

    /** The s:Body, whitespace between elements dropped. */
    private static String body(String xml) {
        String b = xml.substring(xml.indexOf("<s:Body>"), xml.indexOf("</s:Body>"));
        return b.replaceAll(">\\s+<", "><").strip();
    }

    /** The elements of s:Body (local names, with their attribute names) and of the fault detail, in order. */
    static List<String> shape(String xml) throws Exception {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XMLStreamReader r = f.createXMLStreamReader(new StringReader(xml));
        List<String> out = new ArrayList<>();
        boolean inBody = false;
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                if (r.getLocalName().equals("Body")) {
                    inBody = true;
                } else if (inBody) {
                    List<String> attrs = new ArrayList<>();
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        attrs.add(r.getAttributeLocalName(i));
                    }
                    attrs.sort(null);
                    out.add(r.getLocalName() + attrs);
                }
            }
        }
        return out;
    }

    /** A message: header plus an empty CLIXML object. */
    private static byte[] message(int type, UUID rpid, UUID pid) {
        byte[] data = "<Obj RefId=\"0\"><MS /></Obj>".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(40 + data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(2).putInt(type);
        DotNetGuid.write(rpid, b);
        DotNetGuid.write(pid, b);
        b.put(data);
        return b.array();
    }

    /** One start-and-end fragment. */
    private static byte[] fragment(long objectId, byte[] blob) {
        return ByteBuffer.allocate(21 + blob.length).putLong(objectId).putLong(0).put((byte) 3).putInt(blob.length)
                .put(blob).array();
    }

    /** Records what the WS-Man layer hands it; its output is driven by the test. */
    static final class FakeEngine implements RunspacePoolEngine {
        final EngineOutput output;
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        FakeEngine(EngineOutput output) {
            this.output = output;
        }

        @Override
        public void poolInput(byte[] fragments) {
            calls.add("pool " + Base64.getEncoder().encodeToString(fragments));
        }

        @Override
        public void createPipeline(UUID pipelineId, byte[] fragments) {
            calls.add("create " + pipelineId);
        }

        @Override
        public void pipelineInput(UUID pipelineId, byte[] fragments) {
            calls.add("input " + pipelineId);
        }

        @Override
        public void stopPipeline(UUID pipelineId) {
            calls.add("stop " + pipelineId);
        }

        @Override
        public byte[] connect(byte[] fragments) throws PsrpEngineException {
            throw new PsrpEngineException("no connect here");
        }

        @Override
        public OptionalLong processId() {
            return OptionalLong.of(4242);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
