package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DeleteResponse;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.Namespaces;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;

/** Our encoded responses contain exactly what pywinrm, pypsrp, Go and winrm4j look for (winrm-wire.md 2, 3). */
class GoldenEncodingTest {
    private static final String SHELL = "19CE36E9-BE25-4CDE-9257-EFC212F8003E";
    private static final String CMD = "789B0F1A-1111-2222-3333-444455556666";
    private final WsmanCodec codec = new WsmanCodec();

    private static Header requestHeader(WsmanAction a) {
        // pywinrm: lowercase uuid; must come back byte for byte
        return Header.request(a, ResourceUris.CMD_SHELL, "http://windows-host:5985/wsman")
                .withMessageId("uuid:a779d886-33c4-4947-a9da-2b10e9ec43a4");
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void resourceCreatedHasDmtfSelectorFirstAndRspShell() {
        Header req = requestHeader(WsmanAction.CREATE);
        byte[] out = codec.encode(new Envelope(Header.responseTo(req, WsmanAction.CREATE.responseUri()),
                new ShellCreated(SHELL, ResourceUris.CMD_SHELL, "http://10.0.0.1:5985/wsman", "user", "10.0.0.2",
                        Optional.of(Duration.ofHours(2)), List.of("stdin"), List.of("stdout", "stderr"))));
        Xml x = new Xml(out);
        // Go: //w:Selector[@Name='ShellId'] in the DMTF namespace
        assertThat(x.string("//w:Selector[@Name='ShellId']")).isEqualTo(SHELL);
        // pywinrm: the first element with Name="ShellId"
        assertThat(x.string("(//*[@Name='ShellId'])[1]")).isEqualTo(SHELL);
        // pypsrp: ResourceCreated/ReferenceParameters/SelectorSet
        assertThat(x.string("/s:Envelope/s:Body/x:ResourceCreated/a:ReferenceParameters/w:SelectorSet/w:Selector"))
                .isEqualTo(SHELL);
        assertThat(x.string("/s:Envelope/s:Body/x:ResourceCreated/a:Address")).isEqualTo("http://10.0.0.1:5985/wsman");
        assertThat(x.string("/s:Envelope/s:Body/rsp:Shell/rsp:ShellId")).isEqualTo(SHELL);
        assertThat(x.string("/s:Envelope/s:Body/rsp:Shell/rsp:IdleTimeOut")).isEqualTo("PT7200.000S");
        assertThat(x.string("/s:Envelope/@xml:lang")).isEqualTo("en-US");
        assertThat(x.string("/s:Envelope/s:Header/a:RelatesTo")).isEqualTo("uuid:a779d886-33c4-4947-a9da-2b10e9ec43a4");
        assertThat(x.string("/s:Envelope/s:Header/a:Action")).isEqualTo(WsmanAction.CREATE.responseUri());
        assertThat(x.string("/s:Envelope/s:Header/a:To")).isEqualTo(ResourceUris.ANONYMOUS);
        assertThat(str(out)).contains("<a:RelatesTo>uuid:a779d886-33c4-4947-a9da-2b10e9ec43a4</a:RelatesTo>");
    }

    @Test
    void responseHeaderOrderIsWindows() {
        String s = str(codec.encode(new Envelope(Header.responseTo(requestHeader(WsmanAction.COMMAND),
                WsmanAction.COMMAND.responseUri()), new CommandResponse(CMD))));
        assertThat(s).containsSubsequence("<a:Action>", "<a:MessageID>", "<a:To>", "<a:RelatesTo>", "</s:Header>");
        assertThat(s).contains("<a:Action>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandResponse"
                + "</a:Action>");
        assertThat(new Xml(s.getBytes(StandardCharsets.UTF_8)).string("//rsp:CommandId")).isEqualTo(CMD);
    }

    @Test
    void finalReceiveResponseHasStreamsEndMarkersStateAndExitCode() {
        byte[] out = codec.encode(new Envelope(Header.responseTo(requestHeader(WsmanAction.RECEIVE),
                WsmanAction.RECEIVE.responseUri()), new ReceiveResponse(List.of(
                        new StreamData("stdout", CMD, "hi\r\n".getBytes(StandardCharsets.US_ASCII), false),
                        new StreamData("stdout", CMD, new byte[0], true),
                        new StreamData("stderr", CMD, new byte[0], true)), CommandStateInfo.done(CMD, 3))));
        Xml x = new Xml(out);
        assertThat(x.string("//rsp:Stream[@Name='stdout'][1]")).isEqualTo("aGkNCg==");
        assertThat(x.count("//rsp:Stream[@End='true']")).isEqualTo(2);
        assertThat(x.count("//*[substring(@State, string-length(@State) - 16) = 'CommandState/Done']")).isEqualTo(1);
        assertThat(x.string("//rsp:CommandState/@State"))
                .isEqualTo("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done");
        assertThat(x.string("//rsp:CommandState/@CommandId")).isEqualTo(CMD);
        assertThat(x.string("//rsp:ExitCode")).isEqualTo("3");
        assertThat(str(out)).contains(
                "<rsp:Stream Name=\"stdout\" CommandId=\"" + CMD + "\" End=\"true\"></rsp:Stream>");
    }

    @Test
    void runningReceiveResponseAlwaysHasCommandStateWithoutExitCode() {
        byte[] out = codec.encode(new Envelope(Header.responseTo(requestHeader(WsmanAction.RECEIVE),
                WsmanAction.RECEIVE.responseUri()), new ReceiveResponse(List.of(), CommandStateInfo.running(CMD))));
        Xml x = new Xml(out);
        assertThat(x.string("//rsp:CommandState/@State")).endsWith("CommandState/Running");
        assertThat(x.count("//rsp:ExitCode")).isZero();
    }

    @Test
    void timedOutFaultIsWhatEveryClientPollsOn() {
        Header req = requestHeader(WsmanAction.RECEIVE);
        WsmanFault f = WsmanFault.of(new WsmanFaultException(FaultKind.TIMED_OUT), "127.0.0.1");
        byte[] out = codec.encode(new Envelope(Header.responseTo(req, FaultKind.TIMED_OUT.action()), f));
        Xml x = new Xml(out);
        // pywinrm / pypsrp: WSManFault a direct child of s:Detail with the code
        assertThat(x.string("/s:Envelope/s:Body/s:Fault/s:Detail/f:WSManFault/@Code")).isEqualTo("2150858793");
        assertThat(x.string("/s:Envelope/s:Body/s:Fault/s:Detail/f:WSManFault/@Machine")).isEqualTo("127.0.0.1");
        assertThat(x.string("/s:Envelope/s:Body/s:Fault/s:Code/s:Value")).isEqualTo("s:Receiver");
        assertThat(x.string("/s:Envelope/s:Body/s:Fault/s:Code/s:Subcode/s:Value")).isEqualTo("w:TimedOut");
        assertThat(x.string("/s:Envelope/s:Body/s:Fault/s:Reason/s:Text/@xml:lang")).isEqualTo("en-US");
        assertThat(x.string("/s:Envelope/s:Header/a:Action")).isEqualTo("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault");
        // Go: the literal word in the body
        assertThat(str(out)).contains("OperationTimeout");
        assertThat(x.string("/s:Envelope/s:Header/a:RelatesTo")).isEqualTo(req.messageId());
    }

    @Test
    void invalidSelectorsFaultCarriesFaultDetailBeforeWsmanFault() {
        WsmanFault f = WsmanFault.of(new WsmanFaultException(FaultKind.UNKNOWN_SHELL), "host");
        String s = str(codec.encode(new Envelope(Header.responseTo(requestHeader(WsmanAction.RECEIVE),
                FaultKind.UNKNOWN_SHELL.action()), f)));
        assertThat(s).containsSubsequence("<s:Detail><w:FaultDetail>"
                + "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors</w:FaultDetail>",
                "<f:WSManFault xmlns:f=\"http://schemas.microsoft.com/wbem/wsman/1/wsmanfault\" Code=\"2150858843\"");
    }

    @Test
    void mustUnderstandFaultNamesTheHeader() {
        QName bad = new QName(Namespaces.WSMAN, "ResourceUri");
        WsmanFault f = WsmanFault.of(WsmanFaultException.mustUnderstand(bad), "host");
        byte[] out = codec.encode(new Envelope(Header.responseTo(requestHeader(WsmanAction.GET),
                FaultKind.MUST_UNDERSTAND.action()), f));
        Xml x = new Xml(out);
        assertThat(x.string("/s:Envelope/s:Header/a:Action"))
                .isEqualTo("http://schemas.xmlsoap.org/ws/2004/08/addressing/fault");
        assertThat(x.string("/s:Envelope/s:Header/s:NotUnderstood/@qname")).isEqualTo("w:ResourceUri");
        assertThat(x.string("/s:Envelope/s:Body/s:Fault/s:Code/s:Value")).isEqualTo("s:MustUnderstand");
        assertThat(x.count("//s:Subcode")).isZero();
        assertThat(x.count("//f:WSManFault")).isZero();
        // foreign namespace: declared on the element
        WsmanFault g = WsmanFault.of(WsmanFaultException.mustUnderstand(new QName("urn:x", "Y")), "h");
        Envelope back = codec.decode(codec.encode(new Envelope(Header.responseTo(null, FaultKind.MUST_UNDERSTAND.action()), g)));
        assertThat(back.body(WsmanFault.class).notUnderstood()).isEqualTo(new QName("urn:x", "Y"));
    }

    @Test
    void emptyBodyIsWrittenWithEndTag() {
        String s = str(codec.encode(new Envelope(Header.responseTo(requestHeader(WsmanAction.DELETE),
                WsmanAction.DELETE.responseUri()), new DeleteResponse())));
        assertThat(s).contains("<s:Body></s:Body>");
    }

    @Test
    void clientRequestsUseThePypsrpHeaderShape() {
        Header h = Header.request(WsmanAction.COMMAND, ResourceUris.CMD_SHELL, "https://host:5986/wsman")
                .withShellId(SHELL).withMaxEnvelopeSize(153600).withOperationTimeout(Duration.ofSeconds(20))
                .withLocale("en-US").withDataLocale("en-US");
        byte[] out = codec.encode(new Envelope(h, new CommandRequest(null, "cmd.exe", List.of("/c", "echo hi"))));
        Xml x = new Xml(out);
        for (String mu : List.of("a:Action", "w:ResourceURI", "w:MaxEnvelopeSize", "a:ReplyTo/a:Address")) {
            assertThat(x.string("/s:Envelope/s:Header/" + mu + "/@s:mustUnderstand")).as(mu).isEqualTo("true");
        }
        assertThat(x.string("/s:Envelope/s:Header/w:OperationTimeout")).isEqualTo("PT20S");
        assertThat(x.string("/s:Envelope/s:Header/a:MessageID")).matches("uuid:[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}");
        assertThat(x.string("/s:Envelope/s:Header/p:DataLocale/@xml:lang")).isEqualTo("en-US");
        assertThat(x.count("//rsp:Arguments")).isEqualTo(2);
        assertThat(x.string("//rsp:Arguments[2]")).isEqualTo("echo hi");
        assertThat(x.string("//w:SelectorSet/w:Selector[@Name='ShellId']")).isEqualTo(SHELL);

        byte[] create = codec.encode(new Envelope(h.withAction(WsmanAction.CREATE.uri()),
                new CreateShell(null, List.of("stdin"), List.of("stdout", "stderr"), null, Map.of(),
                        Optional.of(Duration.ofSeconds(60)), Optional.empty(), null)));
        assertThat(new Xml(create).string("//rsp:Shell/rsp:IdleTimeOut")).isEqualTo("PT60.000S");
    }

    @Test
    void textAndAttributesAreEscapedAndInvalidCharactersReplaced() {
        String nasty = "a&b<c>d\"e'f]]>g\u0001h\uD800i\r\nj";
        CommandRequest c = new CommandRequest("id\"<&>", nasty, List.of(nasty));
        Header h = Header.request(WsmanAction.COMMAND, ResourceUris.CMD_SHELL, "http://h/wsman");
        Envelope back = codec.decode(codec.encode(new Envelope(h, c)));
        CommandRequest r = back.body(CommandRequest.class);
        String expected = "a&b<c>d\"e'f]]>g\uFFFDh\uFFFDi\r\nj";
        assertThat(r.arguments()).containsExactly(expected);
        assertThat(r.command()).isEqualTo(expected.strip());
        assertThat(r.commandId()).isEqualTo("id\"<&>");
    }
}
