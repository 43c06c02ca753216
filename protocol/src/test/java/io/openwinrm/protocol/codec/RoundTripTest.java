package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.ConnectResponse;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DeleteRequest;
import io.openwinrm.protocol.shell.DeleteResponse;
import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.DisconnectResponse;
import io.openwinrm.protocol.shell.IdentifyRequest;
import io.openwinrm.protocol.shell.IdentifyResponse;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.ReconnectRequest;
import io.openwinrm.protocol.shell.ReconnectResponse;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.SendResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.shell.SignalCode;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.shell.SignalResponse;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.Namespaces;
import io.openwinrm.protocol.wsman.Option;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** encode → decode gives back equal records, for every message type, as request and as response. */
class RoundTripTest {
    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final String SHELL = "0D6FCA9D-2D40-44C3-B691-E665BE7AA687";
    private static final String CMD = "B0973E54-434E-4D99-B4BE-ADE584CE3BFB";

    static Stream<Object[]> requests() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Z", "last & <first>");
        env.put("A", "\"quoted\"\ttab");
        return Stream.of(
                new Object[] {WsmanAction.CREATE, new CreateShell(null, List.of("stdin"), List.of("stdout", "stderr"),
                        "C:\\Temp dir", env, Optional.of(Duration.ofMinutes(5)), Optional.of(Duration.ofHours(1)),
                        "my shell", null)},
                new Object[] {WsmanAction.CREATE, new CreateShell(SHELL, List.of("stdin", "pr"), List.of("stdout"),
                        null, Map.of(), Optional.empty(), Optional.empty(), null, "AAAB")},
                new Object[] {WsmanAction.COMMAND, new CommandRequest(null, "cmd.exe",
                        List.of("/c", "echo a  b", "x<y>&z", "こんにちは"))},
                new Object[] {WsmanAction.COMMAND, new CommandRequest(CMD, "", List.of())},
                new Object[] {WsmanAction.SEND, new SendRequest(List.of(
                        new StreamData("stdin", CMD, new byte[] {0, 1, 2, (byte) 0xff, 10, 13}, false),
                        new StreamData("stdin", CMD, new byte[0], true)))},
                new Object[] {WsmanAction.RECEIVE, new ReceiveRequest(CMD, List.of("stdout", "stderr"))},
                new Object[] {WsmanAction.RECEIVE, new ReceiveRequest(null, List.of("stdout"))},
                new Object[] {WsmanAction.RECEIVE, new ReceiveRequest(CMD, List.of("stdout"), OptionalLong.of(0))},
                new Object[] {WsmanAction.RECEIVE, new ReceiveRequest(CMD, List.of("stdout"), OptionalLong.of(-1))},
                new Object[] {WsmanAction.SIGNAL, new SignalRequest(CMD, SignalCode.TERMINATE.uri())},
                new Object[] {WsmanAction.DELETE, new DeleteRequest()},
                new Object[] {WsmanAction.DISCONNECT, new DisconnectRequest(Optional.of(Duration.ofSeconds(180)))},
                new Object[] {WsmanAction.RECONNECT, new ReconnectRequest()},
                new Object[] {WsmanAction.CONNECT, new ConnectRequest("AAAA")});
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestRoundTrip(WsmanAction action, Body body) {
        Header h = Header.request(action, ResourceUris.CMD_SHELL, "http://127.0.0.1:5985/wsman")
                .withShellId(SHELL).withMaxEnvelopeSize(153600).withOperationTimeout(Duration.ofSeconds(20))
                .withLocale("en-US").withDataLocale("en-US").withSessionId("uuid:5D501741-C8D8-4544-83D1-08A21FFEB5DA")
                .withOptions(OptionSet.of(new Option(ShellOption.WINRS_NOPROFILE, "FALSE", true),
                        new Option(ShellOption.WINRS_CODEPAGE, "65001")));
        Envelope env = new Envelope(h, body);
        Envelope back = CODEC.decode(CODEC.encode(env));
        assertThat(back).isEqualTo(env);
    }

    static Stream<Object[]> responses() {
        return Stream.of(
                new Object[] {WsmanAction.CREATE, new ShellCreated(SHELL, ResourceUris.CMD_SHELL,
                        "http://10.0.0.1:5985/wsman", "HOST\\user", "10.0.0.2", Optional.of(Duration.ofSeconds(7200)),
                        List.of("stdin"), List.of("stdout", "stderr"))},
                new Object[] {WsmanAction.COMMAND, new CommandResponse(CMD)},
                new Object[] {WsmanAction.SEND, new SendResponse()},
                new Object[] {WsmanAction.RECEIVE, new ReceiveResponse(List.of(
                        new StreamData("stdout", CMD, "hi\r\n".getBytes(StandardCharsets.US_ASCII), false),
                        new StreamData("stdout", CMD, new byte[0], true),
                        new StreamData("stderr", CMD, new byte[0], true)), CommandStateInfo.done(CMD, -1))},
                new Object[] {WsmanAction.RECEIVE, new ReceiveResponse(List.of(), CommandStateInfo.running(CMD))},
                new Object[] {WsmanAction.RECEIVE, new ReceiveResponse(List.of(), CommandStateInfo.running(CMD),
                        OptionalLong.of(42))},
                new Object[] {WsmanAction.RECEIVE, new ReceiveResponse(List.of(
                        new StreamData("stdout", null, new byte[] {1}, false)), null)},
                new Object[] {WsmanAction.SIGNAL, new SignalResponse()},
                new Object[] {WsmanAction.DELETE, new DeleteResponse()},
                new Object[] {WsmanAction.DISCONNECT, new DisconnectResponse()},
                new Object[] {WsmanAction.RECONNECT, new ReconnectResponse()},
                new Object[] {WsmanAction.CONNECT, new ConnectResponse(List.of("stdin", "pr"), List.of("stdout"),
                        "AAAA")});
    }

    @ParameterizedTest
    @MethodSource("responses")
    void responseRoundTrip(WsmanAction action, Body body) {
        Header request = Header.request(action, ResourceUris.CMD_SHELL, "http://h/wsman");
        Envelope env = new Envelope(Header.responseTo(request, action.responseUri()), body);
        Envelope back = CODEC.decode(CODEC.encode(env));
        assertThat(back).isEqualTo(env);
        assertThat(back.header().relatesTo()).isEqualTo(request.messageId());
    }

    @Test
    void identifyRoundTrip() {
        Envelope req = new Envelope(Header.EMPTY, new IdentifyRequest());
        String xml = new String(CODEC.encode(req), StandardCharsets.UTF_8);
        assertThat(xml).contains("<s:Header/>").contains("<wsmid:Identify/>")
                .contains("xmlns:wsmid=\"" + Namespaces.WSMID + "\"").doesNotContain("a:Action");
        assertThat(CODEC.decode(xml.getBytes(StandardCharsets.UTF_8))).isEqualTo(req);

        Envelope resp = new Envelope(Header.EMPTY, new IdentifyResponse(Namespaces.WSMAN, "OpenWinRM",
                "OS: 0.0.0 SP: 0.0 Stack: 3.0", List.of(ResourceUris.SECPROFILE_PREFIX + "http/basic")));
        String rxml = new String(CODEC.encode(resp), StandardCharsets.UTF_8);
        assertThat(rxml).contains("<s:Header/>");
        assertThat(CODEC.decode(rxml.getBytes(StandardCharsets.UTF_8))).isEqualTo(resp);
    }

    @Test
    void identifyAcceptsTheMisspelledNamespace() {
        String xml = "<s:Envelope xmlns:s=\"" + Namespaces.SOAP12 + "\" xmlns:wsmid=\"" + Namespaces.WSMID_LEGACY
                + "\"><s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>";
        assertThat(CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)).body()).isInstanceOf(IdentifyRequest.class);
    }

    @Test
    void everyFaultKindRoundTrips() {
        for (FaultKind k : FaultKind.values()) {
            WsmanFaultException e = k == FaultKind.MUST_UNDERSTAND
                    ? WsmanFaultException.mustUnderstand(new QName(Namespaces.WSMAN, "ResourceUri"))
                    : new WsmanFaultException(k, "detail <" + k + "> & more");
            WsmanFault f = WsmanFault.of(e, "127.0.0.1");
            Envelope env = new Envelope(Header.responseTo(Header.request(WsmanAction.RECEIVE, null, null), k.action()),
                    f);
            Envelope back = CODEC.decode(CODEC.encode(env));
            assertThat(back).as(k.name()).isEqualTo(env);
            assertThat(back.body(WsmanFault.class).kind()).as(k.name()).isPresent();
        }
    }
}
