package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@code SequenceId} of Receive and ReceiveResponse as in the [MS-WSMV] 4.7.3 and 4.8.4 examples. */
class ReceiveSequenceCodecTest {

    private static final String CMD = "77df7bb6-b5a0-4777-abd9-9823c0774074";
    private final WsmanCodec codec = new WsmanCodec();

    /** The body of the [MS-WSMV] 4.7.3 Receive example, in an envelope with the headers our decoder needs. */
    private static byte[] specReceive(String sequenceIdAttribute) {
        return ("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
                + " xmlns:wsman=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\"><s:Header>"
                + "<wsa:To>http://localhost:80/wsman</wsa:To>"
                + "<wsman:ResourceURI s:mustUnderstand=\"true\">"
                + "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</wsman:ResourceURI>"
                + "<wsa:ReplyTo><wsa:Address s:mustUnderstand=\"true\">"
                + "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:Address></wsa:ReplyTo>"
                + "<wsa:Action s:mustUnderstand=\"true\">"
                + "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive</wsa:Action>"
                + "<wsa:MessageID>uuid:D384DEF8-351E-41F0-B3DA-C91BE1A58A09</wsa:MessageID>"
                + "<wsman:SelectorSet><wsman:Selector Name=\"ShellId\">uuid:0A442A7F-4627-43AE-8751-900B509F0A1F"
                + "</wsman:Selector></wsman:SelectorSet><wsman:OperationTimeout>PT60.000S</wsman:OperationTimeout>"
                + "</s:Header><s:Body>"
                + "<rsp:Receive xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\""
                + sequenceIdAttribute + ">"
                + "<rsp:DesiredStream CommandId=\"" + CMD + "\">stdout stderr</rsp:DesiredStream>"
                + "</rsp:Receive></s:Body></s:Envelope>").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void specReceiveExampleCarriesSequenceIdZero() {
        ReceiveRequest r = codec.decode(specReceive(" SequenceId=\"0\"")).body(ReceiveRequest.class);
        assertThat(r.sequenceId()).isEqualTo(OptionalLong.of(0));
        assertThat(r.commandId()).isEqualTo(CMD);
        assertThat(codec.decode(specReceive("")).body(ReceiveRequest.class).sequenceId()).isEmpty();
        assertThat(codec.decode(specReceive(" SequenceId=\" 18446744073709551615 \"")).body(ReceiveRequest.class)
                .sequenceId()).isEqualTo(OptionalLong.of(-1));
    }

    @Test
    void aSequenceIdThatIsNotAnUnsignedLongIsASchemaError() {
        for (String bad : new String[] {"-1", "+1", "x", "", "18446744073709551616"}) {
            assertThatThrownBy(() -> codec.decode(specReceive(" SequenceId=\"" + bad + "\"")))
                    .as(bad).isInstanceOfSatisfying(WsmanFaultException.class,
                            e -> assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION))
                    .hasMessageContaining("SequenceId");
        }
    }

    @Test
    void responseEchoesSequenceIdOnReceiveResponseAsInTheSpecExample() {
        Header request = Header.request(WsmanAction.RECEIVE, ResourceUris.CMD_SHELL, "http://localhost/wsman");
        byte[] out = codec.encode(new Envelope(Header.responseTo(request, WsmanAction.RECEIVE.responseUri()),
                new ReceiveResponse(List.of(new StreamData("stdout", CMD, new byte[] {'H'}, false)),
                        CommandStateInfo.running(CMD), OptionalLong.of(0))));
        Xml x = new Xml(out);
        assertThat(x.string("/s:Envelope/s:Body/rsp:ReceiveResponse/@SequenceId")).isEqualTo("0");
        assertThat(x.string("//rsp:Stream")).isEqualTo("SA==");
        byte[] plain = codec.encode(new Envelope(Header.responseTo(request, WsmanAction.RECEIVE.responseUri()),
                new ReceiveResponse(List.of(), CommandStateInfo.running(CMD))));
        assertThat(new String(plain, StandardCharsets.UTF_8)).doesNotContain("SequenceI");
    }
}
