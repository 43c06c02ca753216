package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.Namespaces;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 3: children a shell request's schema does not define ([MS-WSMV] 2.2.4.7 CommandLine, 2.2.4.37
 * Shell, Send, Receive, 2.2.4.38 Signal) get Windows' w:SchemaValidationError 2150858817 naming the element
 * ("The SOAP packet contains an element Argument that is invalid."), while every request recorded from Windows'
 * own client and the peers still decodes.
 */
class BodySchemaTest {
    private static final String MSG_ID = "uuid:11111111-2222-3333-4444-555555555555";
    private final WsmanCodec codec = new WsmanCodec();

    private static String envelope(String action, String body) {
        return "<s:Envelope xmlns:s=\"" + Namespaces.SOAP12 + "\" xmlns:a=\"" + Namespaces.ADDRESSING
                + "\" xmlns:rsp=\"" + Namespaces.SHELL + "\" xmlns:x=\"urn:example:other\"><s:Header><a:Action>"
                + action + "</a:Action><a:MessageID>" + MSG_ID + "</a:MessageID></s:Header><s:Body>" + body
                + "</s:Body></s:Envelope>";
    }

    private Envelope decode(String xml) {
        return codec.decode(xml.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Argument|Command|<rsp:CommandLine><rsp:Command>echo</rsp:Command><rsp:Argument>hi</rsp:Argument>"
                + "</rsp:CommandLine>",
        "Foo|Command|<rsp:CommandLine><rsp:Command>echo</rsp:Command><x:Foo/></rsp:CommandLine>",
        "IdleTimeout|Create|<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams>"
                + "<rsp:IdleTimeout>PT60S</rsp:IdleTimeout></rsp:Shell>",
        "WorkingDir|Create|<rsp:Shell><rsp:WorkingDir>/tmp</rsp:WorkingDir></rsp:Shell>",
        "Var|Create|<rsp:Shell><rsp:Environment><rsp:Var Name=\"A\">1</rsp:Var></rsp:Environment></rsp:Shell>",
        "Streams|Send|<rsp:Send><rsp:Streams Name=\"stdin\">QQ==</rsp:Streams></rsp:Send>",
        "DesiredStreams|Receive|<rsp:Receive><rsp:DesiredStream>stdout</rsp:DesiredStream>"
                + "<rsp:DesiredStreams>stderr</rsp:DesiredStreams></rsp:Receive>",
        "code|Signal|<rsp:Signal CommandId=\"C\"><rsp:code>x</rsp:code>"
                + "<rsp:Code>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate</rsp:Code>"
                + "</rsp:Signal>",
    })
    void unknownChildIsASchemaValidationErrorNamingIt(String element, String verb, String body) {
        String action = verb.equals("Create") ? "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create"
                : "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/" + verb;
        assertThatThrownBy(() -> decode(envelope(action, body)))
                .isInstanceOfSatisfying(WsmanFaultException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION);
                    assertThat(e.kind().wsmanCode()).isEqualTo(2150858817L);
                    assertThat(e.detailText())
                            .isEqualTo("The SOAP packet contains an element " + element + " that is invalid. ");
                    // the fault still answers the request's MessageID
                    assertThat(e.requestHeader()).get().extracting(Header::messageId).isEqualTo(MSG_ID);
                });
    }

    @Test
    void shellKeepsItsOpenContentAndItsDescriptiveChildren() {
        // [MS-WSMV] 2.2.4.37 ends with xs:any from another namespace; Get-response fields are schema-valid too
        CreateShell c = decode(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create",
                "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:Locale>en-US</rsp:Locale>"
                        + "<rsp:DataLocale>en-US</rsp:DataLocale><rsp:CompressionMode>NoCompression"
                        + "</rsp:CompressionMode><x:Extra><x:Nested/></x:Extra><rsp:Name>n</rsp:Name></rsp:Shell>"))
                .body(CreateShell.class);
        assertThat(c.inputStreams()).containsExactly("stdin");
        assertThat(c.name()).isEqualTo("n");
    }

    static Stream<String> recordedRequests() {
        List<String> peers = List.of("peer/go-command.request.xml", "peer/pywinrm-command.request.xml");
        return Stream.concat(Vectors.vectorNames(".request.xml").stream()
                .filter(n -> !n.equals("wsman-get-invalid-timeout-header.request.xml")) // a header fault on Windows
                .map(n -> "vectors/" + n), peers.stream());
    }

    @ParameterizedTest
    @MethodSource("recordedRequests")
    void everyRecordedRequestDecodesWithoutAFault(String name) {
        Envelope env = codec.decode(Vectors.bytes(name));
        assertThat(env.body()).as(name).isNotNull();
    }
}
