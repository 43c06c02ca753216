package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.protocol.shell.ConnectResponse;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DeleteRequest;
import io.openwinrm.protocol.shell.DeleteResponse;
import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.ReconnectRequest;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.shell.ConnectionState;
import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.shell.SignalCode;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.shell.SignalResponse;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Field-level assertions on recorded Windows traffic. */
class WindowsVectorsTest {
    private final WsmanCodec codec = new WsmanCodec();

    private Envelope decode(String name) {
        return codec.decode(Vectors.vector(name));
    }

    @Test
    void pypsrpCreateRequestHeaders() {
        Header h = decode("winrs-create.request.xml").header();
        assertThat(h.action()).isEqualTo(WsmanAction.CREATE.uri());
        assertThat(h.messageId()).isEqualTo("uuid:FC40E3CD-53E9-4315-B486-6D538B25D1F5");
        assertThat(h.replyTo()).isEqualTo(ResourceUris.ANONYMOUS);
        assertThat(h.resourceUri()).isEqualTo(ResourceUris.CMD_SHELL);
        assertThat(h.to()).isEqualTo("http://192.168.56.11:5985/wsman");
        assertThat(h.maxEnvelopeSize()).isEqualTo(OptionalLong.of(153600));
        assertThat(h.operationTimeout()).contains(Duration.ofSeconds(20));
        assertThat(h.locale()).isEqualTo("en-US");
        assertThat(h.dataLocale()).isEqualTo("en-US");
        assertThat(h.sessionId()).isEqualTo("uuid:A635D444-7E75-4E46-9A68-2FFF53AF45CA");
        assertThat(h.selectors().isEmpty()).isTrue();
    }

    @Test
    void createShellBodies() {
        CreateShell plain = decode("winrs-create.request.xml").body(CreateShell.class);
        assertThat(plain.inputStreams()).containsExactly("stdin");
        assertThat(plain.outputStreams()).containsExactly("stdout", "stderr");
        assertThat(plain.shellId()).isNull();

        CreateShell extra = decode("winrs-create-extra-opts.request.xml").body(CreateShell.class);
        assertThat(extra.idleTimeout()).contains(Duration.ofSeconds(60));
        assertThat(extra.lifetime()).contains(Duration.ofSeconds(60));
        assertThat(extra.name()).isEqualTo("shell 1");
        assertThat(extra.workingDirectory()).isEqualTo("C:\\Windows");

        CreateShell env = decode("winrs-create-environment.request.xml").body(CreateShell.class);
        assertThat(env.environment()).containsExactly(Map.entry("env1", "var1"), Map.entry("1234", "5678"),
                Map.entry("_-(){}[]<>*+-/\\?\"!@#$^&|;:i,.`~0", "_-(){}[]<>*+-/\\?\"!@#$^&|;:i,.`~0"));

        Envelope cp = decode("winrs-create-codepage.request.xml");
        assertThat(cp.header().options().get(ShellOption.WINRS_CODEPAGE)).contains("65001");
    }

    @Test
    void psrpCreateCarriesClientShellIdAndMustComplyOption() {
        Envelope env = decode("psrp-create.request.xml");
        CreateShell b = env.body(CreateShell.class);
        assertThat(b.shellId()).isEqualTo("76056A84-51DC-4F24-9262-CA2A55464B2B");
        assertThat(b.inputStreams()).containsExactly("stdin", "pr");
        assertThat(b.creationXml()).startsWith("AAAAAAAAAAEAAAAAAAAAAAMAAADHAgAAAAIAAQB2BWqE");
        assertThat(env.header().options().options()).singleElement()
                .satisfies(o -> {
                    assertThat(o.name()).isEqualTo("protocolversion");
                    assertThat(o.value()).isEqualTo("2.3");
                    assertThat(o.mustComply()).isTrue();
                });
        assertThat(env.header().resourceUri()).startsWith(ResourceUris.POWERSHELL_PREFIX);
    }

    @Test
    void createResponseGivesShellIdFromSelectorAndShell() {
        Envelope env = decode("winrs-create.response.xml");
        assertThat(env.header().relatesTo()).isEqualTo("uuid:FC40E3CD-53E9-4315-B486-6D538B25D1F5");
        ShellCreated sc = env.body(ShellCreated.class);
        assertThat(sc.shellId()).isEqualTo("4283CBDC-3706-415B-88BD-B385F3E51A53");
        assertThat(sc.address()).isEqualTo("http://192.168.56.11:5985/wsman");
        assertThat(sc.resourceUri()).isEqualTo(ResourceUris.CMD_SHELL);
        assertThat(sc.owner()).isEqualTo("vagrant");
        assertThat(sc.clientIp()).isEqualTo("192.168.56.1");
        assertThat(sc.idleTimeout()).contains(Duration.ofSeconds(7200));
        assertThat(sc.outputStreams()).containsExactly("stdout", "stderr");
    }

    @Test
    void winrbAndWin2008CreateResponses() {
        assertThat(decode("winrb-create-v1.response.xml").body(ShellCreated.class).shellId()).isNotBlank();
        assertThat(decode("winrb-create-v2.response.xml").body(ShellCreated.class).shellId()).isNotBlank();
        assertThat(decode("winrs-create-2008r2.response.xml").body(ShellCreated.class).shellId()).isNotBlank();
    }

    @Test
    void commandRequestAndResponse() {
        Envelope env = decode("winrs-command.request.xml");
        assertThat(env.header().shellId()).contains("4283CBDC-3706-415B-88BD-B385F3E51A53");
        assertThat(env.header().options().getBoolean(ShellOption.WINRS_SKIP_CMD_SHELL, true)).isFalse();
        CommandRequest c = env.body(CommandRequest.class);
        assertThat(c.command()).isEqualTo("cmd.exe");
        assertThat(c.arguments()).containsExactly("/c", "echo", "hi");
        assertThat(c.commandId()).isNull();

        CommandRequest unicode = decode("winrs-command-unicode.request.xml").body(CommandRequest.class);
        assertThat(unicode.arguments()).containsExactly("Write-Host こんにちは");

        CommandRequest psrp = decode("psrp-command.request.xml").body(CommandRequest.class);
        assertThat(psrp.commandId()).isEqualTo("79590BBD-46E2-486A-85B0-70EA7049235E");
        assertThat(psrp.command()).isEmpty();
        assertThat(psrp.arguments()).hasSize(1);

        assertThat(decode("winrs-command.response.xml").body(CommandResponse.class).commandId()).isNotBlank();
    }

    @Test
    void sendRequestsDecodeBase64AndBooleanSpellings() {
        SendRequest send = decode("winrs-send.request.xml").body(SendRequest.class);
        assertThat(send.streams()).containsExactly(new StreamData("stdin", "B0973E54-434E-4D99-B4BE-ADE584CE3BFB",
                "Write-Host \"output 1\";".getBytes(StandardCharsets.US_ASCII), false));
        SendRequest end = decode("winrs-send-end.request.xml").body(SendRequest.class);
        assertThat(end.streams().get(0).end()).isTrue();
    }

    @Test
    void receiveRequests() {
        ReceiveRequest r = decode("winrs-receive.request.xml").body(ReceiveRequest.class);
        assertThat(r.commandId()).isEqualTo("CF84C20A-0A35-43FA-AF78-0B4711DA5F30");
        assertThat(r.desiredStreams()).containsExactly("stdout", "stderr");
        // winrm4j: namespace-qualified rsp:CommandId, default namespaces ns1/ns2
        ReceiveRequest j = decode("winrm4j-win12-receive.request.xml").body(ReceiveRequest.class);
        assertThat(j.commandId()).isEqualTo("D6BF85B4-E0D0-4770-9330-F5474E967185");
        Envelope timeout = decode("winrs-receive-timeout.request.xml");
        assertThat(timeout.header().operationTimeout()).contains(Duration.ofSeconds(10));
        ReceiveRequest psrp = decode("psrp-receive-capability.request.xml").body(ReceiveRequest.class);
        assertThat(psrp.commandId()).isNull();
    }

    @Test
    void receiveResponses() {
        ReceiveResponse done = decode("winrs-receive.response.xml").body(ReceiveResponse.class);
        assertThat(new String(done.bytes("stdout"), StandardCharsets.US_ASCII)).isEqualTo("hi\r\n");
        assertThat(done.streams()).filteredOn(StreamData::end).extracting(StreamData::name)
                .containsExactly("stdout", "stderr");
        assertThat(done.commandState().state()).isEqualTo(CommandState.DONE);
        assertThat(done.commandState().exitCode()).isEqualTo(OptionalInt.of(0));
        assertThat(done.commandState().commandId()).isEqualTo("CF84C20A-0A35-43FA-AF78-0B4711DA5F30");

        ReceiveResponse running = decode("winrs-receive-running.response.xml").body(ReceiveResponse.class);
        assertThat(running.commandState().state()).isEqualTo(CommandState.RUNNING);
        assertThat(running.commandState().exitCode()).isEmpty();
        assertThat(new String(running.bytes("stdout"), StandardCharsets.US_ASCII)).isEqualTo("hi\n");

        ReceiveResponse exit1 = decode("winrs-receive-stderr-exit1.response.xml").body(ReceiveResponse.class);
        assertThat(exit1.commandState().exitCode()).isEqualTo(OptionalInt.of(1));
        assertThat(new String(exit1.bytes("stderr"), StandardCharsets.US_ASCII)).isEqualTo("err \r\n");

        ReceiveResponse unicode = decode("winrs-receive-unicode.response.xml").body(ReceiveResponse.class);
        assertThat(new String(unicode.bytes("stdout"), StandardCharsets.UTF_8)).isEqualTo("こんにちは\n");
    }

    @Test
    void signalRequestsAcceptBothSpellings() {
        SignalRequest ctrlC = decode("winrs-signal.request.xml").body(SignalRequest.class);
        assertThat(ctrlC.signalCode()).contains(SignalCode.CTRL_C);
        assertThat(ctrlC.commandId()).isEqualTo("CF84C20A-0A35-43FA-AF78-0B4711DA5F30");
        SignalRequest term = decode("winrm4j-win12-signal.request.xml").body(SignalRequest.class);
        assertThat(term.signalCode()).contains(SignalCode.TERMINATE);
        assertThat(decode("winrs-signal.response.xml").body()).isInstanceOf(SignalResponse.class);
    }

    @Test
    void deleteAndDisconnectFamily() {
        assertThat(decode("winrs-delete.request.xml").body()).isInstanceOf(DeleteRequest.class);
        assertThat(decode("winrs-delete.response.xml").body()).isInstanceOf(DeleteResponse.class);
        assertThat(decode("winrm4j-win12-delete.request.xml").body()).isInstanceOf(DeleteRequest.class);
        assertThat(decode("psrp-disconnect.request.xml").body()).isEqualTo(new DisconnectRequest(null));
        assertThat(decode("psrp-reconnect.request.xml").body()).isInstanceOf(ReconnectRequest.class);
        ConnectResponse c = decode("psrp-connect.response.xml").body(ConnectResponse.class);
        assertThat(c.inputStreams()).containsExactly("stdin", "pr");
        assertThat(c.connectResponseXml()).startsWith("AAAAAAAAAAQ");
    }

    @Test
    void timedOutFault() {
        Envelope env = decode("winrs-receive-timeout.response.xml");
        assertThat(env.header().action()).isEqualTo(WsmanAction.WSMAN_FAULT);
        WsmanFault f = env.body(WsmanFault.class);
        assertThat(f.code()).isEqualTo("s:Receiver");
        assertThat(f.subcode()).isEqualTo("w:TimedOut");
        assertThat(f.wsmanCode()).isEqualTo(OptionalLong.of(2150858793L));
        assertThat(f.machine()).isEqualTo("192.168.56.11");
        assertThat(f.isTimedOut()).isTrue();
        assertThat(f.kind()).contains(FaultKind.TIMED_OUT);
        assertThat(f.reason()).isEqualTo(FaultKind.TIMED_OUT.reason());
    }

    @Test
    void invalidSelectorsFaults() {
        WsmanFault f = decode("winrs-receive-invalid-selectors.response.xml").body(WsmanFault.class);
        assertThat(f.subcode()).isEqualTo("w:InvalidSelectors");
        assertThat(f.wsmanCode()).isEqualTo(OptionalLong.of(2150858843L));
        assertThat(f.faultDetail()).isEqualTo(ResourceUris.FAULT_DETAIL_PREFIX + "UnexpectedSelectors");
        assertThat(f.message()).isEqualTo(FaultKind.UNKNOWN_COMMAND.defaultMessage());
        assertThat(f.reason()).isEqualTo(FaultKind.UNKNOWN_COMMAND.reason());
        WsmanFault g = decode("wsman-get-shell-invalid-selectors.response.xml").body(WsmanFault.class);
        assertThat(g.wsmanCode()).isEqualTo(OptionalLong.of(2150858843L));
    }

    @Test
    void providerFaultsKeepProviderText() {
        WsmanFault ie = decode("winrs-command-internal-error.response.xml").body(WsmanFault.class);
        assertThat(ie.subcode()).isEqualTo("w:InternalError");
        assertThat(ie.wsmanCode()).isEqualTo(OptionalLong.of(2147942402L));
        assertThat(ie.message()).contains("The system cannot find the file specified.");
        assertThat(ie.kind()).contains(FaultKind.PROGRAM_NOT_FOUND);

        WsmanFault ip = decode("winrs-receive-invalid-parameter.response.xml").body(WsmanFault.class);
        assertThat(ip.wsmanCode()).isEqualTo(OptionalLong.of(87));
        assertThat(ip.faultDetail()).endsWith("/InvalidValue");
        assertThat(ip.kind()).contains(FaultKind.INVALID_PARAMETER);
    }

    @Test
    void invalidTimeoutHeaderFaultAndTheRequestThatCausedIt() {
        WsmanFault f = decode("wsman-get-invalid-timeout-header.response.xml").body(WsmanFault.class);
        assertThat(f.subcode()).isEqualTo("a:InvalidMessageInformationHeader");
        assertThat(f.wsmanCode()).isEqualTo(OptionalLong.of(2150858767L));
        assertThat(decode("wsman-get-invalid-timeout-header.response.xml").header().action())
                .isEqualTo(FaultKind.INVALID_HEADER.action());

        assertThatThrownBy(() -> decode("wsman-get-invalid-timeout-header.request.xml"))
                .isInstanceOfSatisfying(WsmanFaultException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FaultKind.INVALID_HEADER);
                    assertThat(e.kind().wsmanCode()).isEqualTo(2150858767L);
                    assertThat(e.detailText()).contains("PT-1S");
                    assertThat(e.requestHeader()).get().extracting(Header::messageId).asString()
                            .startsWith("uuid:");
                });
    }

    @Test
    void wmiErrorQuotaFault() {
        WsmanFault f = decode("winrb-quota-limit-fault.response.xml").body(WsmanFault.class);
        assertThat(f.subcode()).isEqualTo("w:QuotaLimit");
        assertThat(f.wsmanCode()).isEqualTo(OptionalLong.of(2150859173L));
        assertThat(f.message()).contains("maximum number of 30 concurrent shells");
        assertThat(f.kind()).contains(FaultKind.QUOTA_MAX_SHELLS);
    }

    @Test
    void enumerationFaultKeepsForeignSubcode() {
        WsmanFault f = decode("winrb-enumerate-fault-v2.response.xml").body(WsmanFault.class);
        assertThat(f.subcode()).isEqualTo("n:CannotProcessFilter");
        assertThat(f.wsmanCode()).isEqualTo(OptionalLong.of(2150858778L));
        assertThat(f.kind()).isEmpty();
    }

    @Test
    void getShellResponseDecodesAsShellInfo() {
        Envelope env = decode("wsman-get-shell.response.xml");
        assertThat(env.body()).isInstanceOf(ShellInfo.class);
        assertThat(env.body(ShellInfo.class).shellId()).isEqualTo("6F1903CA-E06A-4A8B-BDFC-B44203149D55");
        assertThat(env.body(ShellInfo.class).state()).contains(ConnectionState.CONNECTED);
    }

    @Test
    void winrm4jCreateWithoutMustUnderstandOrDataLocale() {
        Envelope env = decode("winrm4j-win12-create.request.xml");
        assertThat(env.header().replyTo()).isEqualTo(ResourceUris.ANONYMOUS);
        assertThat(env.header().dataLocale()).isNull();
        assertThat(env.header().operationTimeout()).contains(Duration.ofSeconds(60));
        assertThat(env.body(CreateShell.class).outputStreams()).containsExactly("stdout", "stderr");
        assertThat(env.header().options().getBoolean(ShellOption.WINRS_NOPROFILE, true)).isFalse();
        assertThat(env.header().options().get(ShellOption.WINRS_CODEPAGE)).contains("437");
    }
}
