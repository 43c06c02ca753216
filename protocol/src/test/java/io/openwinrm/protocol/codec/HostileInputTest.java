package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.soap.UnsupportedBody;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.Namespaces;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;

/** Bad and malicious input becomes a precise WsmanFaultException, quickly, never a hang or a raw exception. */
class HostileInputTest {
    private static final String NS = "xmlns:s=\"" + Namespaces.SOAP12 + "\" xmlns:a=\"" + Namespaces.ADDRESSING
            + "\" xmlns:w=\"" + Namespaces.WSMAN + "\" xmlns:rsp=\"" + Namespaces.SHELL + "\"";
    private static final String MSG_ID = "uuid:11111111-2222-3333-4444-555555555555";
    private final WsmanCodec codec = new WsmanCodec();

    private static String envelope(String headers, String body) {
        return "<s:Envelope " + NS + "><s:Header>" + headers + "</s:Header><s:Body>" + body
                + "</s:Body></s:Envelope>";
    }

    private static String receiveHeaders(String extra) {
        return "<a:Action>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive</a:Action>" + extra
                + "<a:MessageID>" + MSG_ID + "</a:MessageID>";
    }

    private WsmanFaultException fault(String xml) {
        return fault(xml.getBytes(StandardCharsets.UTF_8));
    }

    private WsmanFaultException fault(byte[] xml) {
        Throwable[] t = new Throwable[1];
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                codec.decode(xml);
            } catch (Throwable e) {
                t[0] = e;
            }
        });
        assertThat(t[0]).isInstanceOf(WsmanFaultException.class);
        return (WsmanFaultException) t[0];
    }

    private Envelope decode(String xml) {
        return codec.decode(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void xxeIsRejectedWithoutReadingTheFile() {
        WsmanFaultException e = fault("<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM "
                + "\"file:///etc/passwd\">]>" + envelope("", "<rsp:Shell><rsp:Name>&xxe;</rsp:Name></rsp:Shell>"));
        assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION);
        assertThat(e.detailText()).contains("DOCTYPE").doesNotContain("root:");
    }

    @Test
    void billionLaughsIsRejected() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            dtd.append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        WsmanFaultException e = fault(dtd + envelope("", "<rsp:Shell><rsp:Name>&lol9;</rsp:Name></rsp:Shell>"));
        assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION);
    }

    @Test
    void anyDoctypeIsRejected() {
        WsmanFaultException e = fault("<!DOCTYPE s:Envelope>" + envelope("", ""));
        assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION);
        assertThat(e.detailText()).contains("DOCTYPE");
    }

    @Test
    void undeclaredEntityReferenceIsRejected() {
        WsmanFaultException e = fault(envelope("", "<rsp:Shell><rsp:Name>&foo;</rsp:Name></rsp:Shell>"));
        assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION);
    }

    @Test
    void deepNestingIsBounded() {
        String deep = "<rsp:x>".repeat(10_000) + "</rsp:x>".repeat(10_000);
        WsmanFaultException e = fault(envelope(receiveHeaders(""), deep));
        assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION);
        assertThat(e.detailText()).containsIgnoringCase("depth");
        assertThat(e.requestHeader()).get().extracting(Header::messageId).isEqualTo(MSG_ID);
    }

    @Test
    void hugeAttributeCountIsBounded() {
        StringBuilder attrs = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            attrs.append(" a").append(i).append("=\"x\"");
        }
        WsmanFaultException e = fault(envelope("", "<rsp:Shell" + attrs + "/>"));
        assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION);
        assertThat(e.detailText()).containsIgnoringCase("attribute");
    }

    @Test
    void textLengthIsBounded() {
        WsmanCodec small = new WsmanCodec(new CodecLimits(64, 64, 1024, 1024, 1000, 1_000_000));
        String xml = envelope("", "<rsp:Shell><rsp:Name>" + "x".repeat(5000) + "</rsp:Name></rsp:Shell>");
        assertThatThrownBy(() -> small.decode(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WsmanFaultException.class,
                        e -> assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION));
    }

    @Test
    void malformedXml() {
        for (String bad : new String[] {envelope("", "<rsp:Shell>"), "<s:Envelope " + NS + "><s:Body>",
                "not xml at all", "\u0000\u0001\u0002", envelope("<a:Action>x</a:Actio>", ""),
                "<s:Envelope " + NS + "><s:Body/></s:Envelope><trailing/>"}) {
            WsmanFaultException e = fault(bad);
            assertThat(e.kind()).as(bad).isEqualTo(FaultKind.SCHEMA_VALIDATION);
        }
        assertThat(fault(new byte[0]).kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION);
    }

    @Test
    void structuralErrors() {
        assertThat(fault("<s:Envelope " + NS + "><s:Header/></s:Envelope>").detailText()).contains("no Body");
        assertThat(fault("<s:Envelope " + NS + "><s:Body/><s:Body/></s:Envelope>").detailText())
                .contains("after the SOAP Body");
        assertThat(fault(envelope("", "text<rsp:Shell/>")).kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION);
    }

    @Test
    void wrongNamespaceIsNotTheElement() {
        // SOAP 1.1 envelope: SOAP 1.2 part 1 5.4.7, a version mismatch (issue 10 item 10)
        WsmanFaultException e = fault("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/>"
                + "</s:Envelope>");
        assertThat(e.kind()).isEqualTo(FaultKind.VERSION_MISMATCH);
        // any other root element is still a schema error
        assertThat(fault("<s:Envelope xmlns:s=\"urn:other\"><s:Body/></s:Envelope>").kind())
                .isEqualTo(FaultKind.SCHEMA_VALIDATION);
        // rsp:Shell in the wrong namespace is an unknown body the dispatcher rejects precisely
        Envelope env = decode(envelope("", "<r:Shell xmlns:r=\"urn:not-the-shell\"/>"));
        assertThat(env.body()).isEqualTo(new UnsupportedBody(new QName("urn:not-the-shell", "Shell")));
        // a Selector in the Microsoft namespace is not a DMTF selector
        Envelope sel = decode(envelope("<w:SelectorSet><p:Selector xmlns:p=\"" + Namespaces.WSMV
                + "\" Name=\"ShellId\">X</p:Selector></w:SelectorSet>", ""));
        assertThat(sel.header().shellId()).isEmpty();
        // InputStreams in a foreign namespace does not count
        CreateShell cs = decode(envelope("", "<rsp:Shell><o:InputStreams xmlns:o=\"urn:o\">stdin</o:InputStreams>"
                + "</rsp:Shell>")).body(CreateShell.class);
        assertThat(cs.inputStreams()).isEmpty();
    }

    @Test
    void unknownMustUnderstandHeader() {
        for (String mu : new String[] {"true", "1", " TRUE "}) {
            WsmanFaultException e = fault(envelope(receiveHeaders("<w:ResourceUri s:mustUnderstand=\"" + mu
                    + "\">x</w:ResourceUri>"), ""));
            assertThat(e.kind()).isEqualTo(FaultKind.MUST_UNDERSTAND);
            assertThat(e.notUnderstood()).contains(new QName(Namespaces.WSMAN, "ResourceUri"));
            // the MessageID after the bad header is still known, for RelatesTo
            assertThat(e.requestHeader()).get().extracting(Header::messageId).isEqualTo(MSG_ID);
        }
    }

    @Test
    void unknownHeadersWithoutSoapMustUnderstandAreIgnored() {
        Envelope env = decode(envelope(receiveHeaders("<w:ResourceUri s:mustUnderstand=\"false\">x</w:ResourceUri>"
                + "<w:Other mustUnderstand=\"true\">unqualified, as Go writes it</w:Other><x:Y xmlns:x=\"urn:y\"/>"),
                ""));
        assertThat(env.header().messageId()).isEqualTo(MSG_ID);
    }

    @Test
    void invalidOperationTimeout() {
        for (String t : new String[] {"PT-1S", "-PT1S", "20", "P1Y", "PTS", ""}) {
            WsmanFaultException e = fault(envelope(receiveHeaders("<w:OperationTimeout>" + t
                    + "</w:OperationTimeout>"), ""));
            assertThat(e.kind()).as(t).isEqualTo(FaultKind.INVALID_HEADER);
            assertThat(e.kind().wsmanCode()).isEqualTo(2150858767L);
            assertThat(e.kind().action()).isEqualTo("http://schemas.xmlsoap.org/ws/2004/08/addressing/fault");
            assertThat(e.requestHeader()).get().extracting(Header::messageId).isEqualTo(MSG_ID);
        }
    }

    @Test
    void invalidMaxEnvelopeSize() {
        WsmanFaultException e = fault(envelope(receiveHeaders("<w:MaxEnvelopeSize>lots</w:MaxEnvelopeSize>"), ""));
        assertThat(e.kind()).isEqualTo(FaultKind.INVALID_HEADER);
    }

    @Test
    void badBase64() {
        WsmanFaultException e = fault(envelope(receiveHeaders(""), "<rsp:Send><rsp:Stream Name=\"stdin\" "
                + "CommandId=\"C\">not*base64!</rsp:Stream></rsp:Send>"));
        assertThat(e.kind()).isEqualTo(FaultKind.INVALID_PARAMETER);
        assertThat(e.kind().wsmanCode()).isEqualTo(87);
        assertThat(e.requestHeader()).get().extracting(Header::messageId).isEqualTo(MSG_ID);
    }

    @Test
    void numericIdleTimeoutIsASchemaError() {
        // pywinrm#377: <rsp:IdleTimeOut>3600000</rsp:IdleTimeOut> gets SchemaValidationError from Windows
        WsmanFaultException e = fault(envelope("", "<rsp:Shell><rsp:IdleTimeOut>3600000</rsp:IdleTimeOut>"
                + "</rsp:Shell>"));
        assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION);
        assertThat(e.kind().wsmanCode()).isEqualTo(2150858817L);
    }

    @Test
    void badBooleanEndAttribute() {
        WsmanFaultException e = fault(envelope("", "<rsp:Send><rsp:Stream Name=\"stdin\" End=\"yes\">QQ==</rsp:Stream>"
                + "</rsp:Send>"));
        assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION);
    }

    @Test
    void utf16WithExplicitCharset() {
        String xml = envelope(receiveHeaders(""), "<rsp:Receive><rsp:DesiredStream>stdout</rsp:DesiredStream>"
                + "</rsp:Receive>");
        Envelope env = codec.decode(xml.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.UTF_16LE);
        assertThat(env.header().messageId()).isEqualTo(MSG_ID);
    }

    @Test
    void lenientOnPrefixesDefaultNamespacesAndShellIdCase() {
        String xml = "<Envelope xmlns=\"" + Namespaces.SOAP12 + "\"><Header>"
                + "<SelectorSet xmlns=\"" + Namespaces.WSMAN + "\"><Selector Name=\"ShellID\">ABC</Selector>"
                + "</SelectorSet></Header><Body><Receive xmlns=\"" + Namespaces.SHELL + "\"><!-- c -->"
                + "<DesiredStream CommandId=\"X\"><![CDATA[stdout]]> stderr</DesiredStream></Receive></Body>"
                + "</Envelope>";
        Envelope env = decode(xml);
        assertThat(env.header().shellId()).contains("ABC");
        assertThat(env.body(io.openwinrm.protocol.shell.ReceiveRequest.class).desiredStreams())
                .containsExactly("stdout", "stderr");
    }
}
