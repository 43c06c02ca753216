package io.openwinrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.transport.client.HttpConnection;
import io.openwinrm.transport.client.HttpResponse;
import io.openwinrm.transport.client.TlsClientSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Issue 10 items 3, 6, 9 and 10 against the running server, each with the Windows recording or the [MS-WSMV]
 * section as the expectation: unknown body elements, Windows' provider fault shapes and Machine, Identify, and the
 * header and transport rules.
 */
@Timeout(60)
class WireConformanceTest {

    private static final String SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    private static final String CMD = SHELL + "/cmd";
    private static final String TRANSFER = "http://schemas.xmlsoap.org/ws/2004/09/transfer/";
    private static final String ANON = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";
    /** The a:To of the Windows recordings below, whose host Windows wrote as f:WSManFault/@Machine. */
    private static final String RECORDED_TO = "https://127.0.0.1:55986/wsman";
    private static final String MSG_ID = "uuid:0A1B2C3D-0000-0000-0000-0000000000AA";

    private static TestServer server;
    private static HttpConnection conn;
    private static String auth;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.Options.defaults().operationTimeoutCap(Duration.ofSeconds(60)));
        conn = new HttpConnection("127.0.0.1", server.httpsEndpoint().getPort(),
                TlsClientSettings.pinned(server.certificateSha256()), HttpConnection.Options.defaults());
        auth = "Basic " + Base64.getEncoder().encodeToString((server.user() + ":" + server.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        conn.close();
        server.close();
    }

    // ---- requests

    /** Headers in Windows' winrs order; {@code to}/{@code messageId} null leave the header out. */
    private static String envelope(String action, String resource, String to, String messageId, String extraHeaders,
            String body) {
        return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
                + " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\""
                + " xmlns:p=\"http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd\""
                + " xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\"><s:Header>"
                + "<a:Action s:mustUnderstand=\"true\">" + action + "</a:Action>"
                + "<w:MaxEnvelopeSize s:mustUnderstand=\"true\">153600</w:MaxEnvelopeSize>"
                + (messageId == null ? "" : "<a:MessageID>" + messageId + "</a:MessageID>")
                + "<w:OperationTimeout>PT5S</w:OperationTimeout>"
                + "<a:ReplyTo><a:Address s:mustUnderstand=\"true\">" + ANON + "</a:Address></a:ReplyTo>"
                + "<w:ResourceURI s:mustUnderstand=\"true\">" + resource + "</w:ResourceURI>"
                + (to == null ? "" : "<a:To>" + to + "</a:To>") + extraHeaders
                + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    private static String shellAction(String verb) {
        return SHELL + "/" + verb;
    }

    private static String selector(String shellId) {
        return "<w:SelectorSet><w:Selector Name=\"ShellId\">" + shellId + "</w:Selector></w:SelectorSet>";
    }

    private static HttpResponse post(String body) throws Exception {
        return conn.exchange("POST", "/wsman", List.of(Map.entry("Content-Type", "application/soap+xml;charset=UTF-8"),
                Map.entry("Authorization", auth)), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(HttpResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String createShell() throws Exception {
        HttpResponse r = post(envelope(TRANSFER + "Create", CMD, RECORDED_TO, MSG_ID, "",
                "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams>"
                        + "<rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>"));
        assertThat(r.status()).as(text(r)).isEqualTo(200);
        Matcher m = Pattern.compile("Name=\"ShellId\">([0-9A-F-]{36})<").matcher(text(r));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static void assertFault(HttpResponse r, String subcode, String code) {
        assertThat(r.status()).as(text(r)).isEqualTo(500);
        assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("application/soap+xml"));
        assertThat(text(r)).contains(subcode);
        if (code != null) {
            assertThat(text(r)).contains("Code=\"" + code + "\"");
        }
    }

    // ---- item 3: unknown body elements

    @Test
    void misspeltArgumentIsWindowsSchemaValidationError() throws Exception {
        String shell = createShell();
        HttpResponse r = post(envelope(shellAction("Command"), CMD, RECORDED_TO, MSG_ID, selector(shell),
                "<rsp:CommandLine><rsp:Command>echo</rsp:Command><rsp:Argument>hi</rsp:Argument></rsp:CommandLine>"));
        assertFault(r, "w:SchemaValidationError", "2150858817");
        assertThat(text(r)).contains("The SOAP packet contains an element Argument that is invalid.")
                .contains("<a:RelatesTo>" + MSG_ID + "</a:RelatesTo>");
        HttpResponse idle = post(envelope(TRANSFER + "Create", CMD, RECORDED_TO, MSG_ID, "",
                "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:IdleTimeout>PT60S</rsp:IdleTimeout>"
                        + "</rsp:Shell>"));
        assertFault(idle, "w:SchemaValidationError", "2150858817");
        assertThat(text(idle)).contains("element IdleTimeout that is invalid");
    }

    // ---- item 6: provider faults and Machine, compared with Windows' recordings

    @Test
    void receiveWithoutCommandIdIsWindowsFaultElementForElement() throws Exception {
        String shell = createShell();
        HttpResponse r = post(envelope(shellAction("Receive"), CMD, RECORDED_TO, MSG_ID, selector(shell),
                "<rsp:Receive><rsp:DesiredStream>stdout stderr</rsp:DesiredStream></rsp:Receive>"));
        assertThat(r.status()).isEqualTo(500);
        assertThat(canonicalFault(r.body())).isEqualTo(canonicalFault(vector("winrs-receive-invalid-parameter")));
    }

    @Test
    void getOfAnUnknownShellIsWindowsFaultElementForElement() throws Exception {
        HttpResponse r = post(envelope(TRANSFER + "Get", SHELL, RECORDED_TO, MSG_ID,
                selector("6F1903CA-E06A-4A8B-BDFC-B44203149D55"), ""));
        assertThat(r.status()).isEqualTo(500);
        assertThat(canonicalFault(r.body())).isEqualTo(canonicalFault(vector("wsman-get-shell-invalid-selectors")));
    }

    @Test
    void unknownShellMessageNamesTheShellIdAndMachineIsTheAddressedHost() throws Exception {
        String unknown = "37019EC2-6D37-4211-B2F2-05FD17AAD8AA";
        HttpResponse r = post(envelope(shellAction("Signal"), CMD, "https://winhost.example:5986/wsman", MSG_ID,
                selector(unknown), "<rsp:Signal CommandId=\"87E77BEB-6761-4C48-9D70-A00266B8459A\"><rsp:Code>"
                        + SHELL + "/signal/terminate</rsp:Code></rsp:Signal>"));
        assertFault(r, "w:InvalidSelectors", "2150858843");
        assertThat(text(r)).contains("The request for the Windows Remote Shell with ShellId " + unknown
                + " failed because the shell was not found on the server.")
                .contains("Machine=\"winhost.example\"");
    }

    // ---- item 9: Identify

    @Test
    void identifyHasWindowsProductVersionShapeAndBothBasicProfiles() throws Exception {
        String identify = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:wsmid="
                + "\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\"><s:Header/><s:Body>"
                + "<wsmid:Identify/></s:Body></s:Envelope>";
        HttpResponse r = post(identify);
        assertThat(r.status()).isEqualTo(200);
        String body = text(r);
        // [MS-WSMV] <71>: "OS: d.d.d SP: d.d Stack: d.d", nothing else
        assertThat(body).containsPattern("ProductVersion>OS: \\d+\\.\\d+\\.\\d+ SP: 0\\.0 Stack: 3\\.0</")
                .containsPattern("ProductVendor>OpenWinRM \\S+</");
        // 3.1.4.1.23: Basic enabled: both basic profiles, whatever the listeners
        assertThat(body).contains("secprofile/http/basic<").contains("secprofile/https/basic<");
        HttpResponse anon = conn.exchange("POST", "/wsman", List.of(Map.entry("Content-Type",
                "application/soap+xml;charset=UTF-8"), Map.entry("WSMANIDENTIFY", "unauthenticated")),
                identify.getBytes(StandardCharsets.UTF_8));
        assertThat(text(anon)).contains("ProductVersion>OS: 0.0.0 SP: 0.0 Stack: 3.0</")
                .contains("ProductVendor>OpenWinRM</").doesNotContain("SecurityProfiles");
    }

    // ---- item 10: headers and transport

    @Test
    void chunkedRequestIsInternalErrorCode50BeforeAuthentication() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.httpEndpoint().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /wsman HTTP/1.1\r\nHost: winhost.example:5985\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: application/soap+xml;charset=UTF-8\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 500 ").containsIgnoringCase("application/soap+xml")
                    .contains("<s:Value>w:InternalError</s:Value>").contains("Code=\"50\"")
                    .contains("The request is not supported.").contains("Machine=\"winhost.example\"");
        }
    }

    @Test
    void dataLocaleThatMustBeUnderstoodIsUnsupportedFeature() throws Exception {
        HttpResponse r = post(envelope(TRANSFER + "Get", SHELL, RECORDED_TO, MSG_ID,
                "<p:DataLocale s:mustUnderstand=\"true\" xml:lang=\"en-US\"/>", ""));
        assertFault(r, "w:UnsupportedFeature", "2150858887");
        assertThat(text(r)).contains("faultDetail/DataLocale");
    }

    @Test
    void nonAnonymousFaultToIsAddressingMode() throws Exception {
        HttpResponse r = post(envelope(TRANSFER + "Get", SHELL, RECORDED_TO, MSG_ID,
                "<a:FaultTo><a:Address>http://collector.example/faults</a:Address></a:FaultTo>", ""));
        assertFault(r, "w:UnsupportedFeature", null);
        assertThat(text(r)).contains("faultDetail/AddressingMode");
    }

    @Test
    void requestEprThatMustBeUnderstoodIsIgnored() throws Exception {
        String shell = createShell();
        HttpResponse r = post(envelope(TRANSFER + "Delete", CMD, RECORDED_TO, MSG_ID,
                "<w:RequestEPR s:mustUnderstand=\"true\"/>" + selector(shell), ""));
        assertThat(r.status()).as(text(r)).isEqualTo(200);
    }

    @Test
    void missingMessageIdIsAnInvalidMessageInformationHeader() throws Exception {
        HttpResponse r = post(envelope(TRANSFER + "Get", SHELL, RECORDED_TO, null, "", ""));
        assertFault(r, "a:InvalidMessageInformationHeader", "2150858767");
    }

    @Test
    void missingToIsAMissingHeaderNotAnEmptyAddress() throws Exception {
        HttpResponse r = post(envelope(TRANSFER + "Create", CMD, null, MSG_ID, "",
                "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams></rsp:Shell>"));
        assertFault(r, "a:MessageInformationHeaderRequired", "2150858769");
        assertThat(text(r)).doesNotContain("ResourceCreated");
    }

    @Test
    void soap11EnvelopeIsAVersionMismatch() throws Exception {
        HttpResponse r = post("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<x/></soap:Body></soap:Envelope>");
        assertThat(r.status()).isEqualTo(500);
        assertThat(text(r)).contains("<s:Value>s:VersionMismatch</s:Value>").contains("s:Upgrade")
                .doesNotContain("SchemaValidationError");
    }

    // ---- helpers

    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                b.write(buf, 0, n);
                if (b.toString(StandardCharsets.ISO_8859_1).contains("</s:Envelope>")) {
                    break;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            // return what arrived
        }
        return b.toByteArray();
    }

    private static byte[] vector(String name) throws IOException {
        try (InputStream in = WireConformanceTest.class.getResourceAsStream("/vectors/" + name + ".response.xml")) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** The s:Fault element as lines "path @attrs text", whitespace-only text dropped (indentation differs). */
    private static List<String> canonicalFault(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        NodeList faults = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml))
                .getElementsByTagNameNS("http://www.w3.org/2003/05/soap-envelope", "Fault");
        assertThat(faults.getLength()).isEqualTo(1);
        List<String> out = new ArrayList<>();
        walk((Element) faults.item(0), "", out);
        return out;
    }

    private static void walk(Element e, String path, List<String> out) {
        String here = path + "/{" + e.getNamespaceURI() + "}" + e.getLocalName();
        List<String> attrs = new ArrayList<>();
        for (int i = 0; i < e.getAttributes().getLength(); i++) {
            Node a = e.getAttributes().item(i);
            if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                attrs.add(" @{" + a.getNamespaceURI() + "}" + a.getLocalName() + "=" + a.getNodeValue());
            }
        }
        attrs.sort(null);
        StringBuilder text = new StringBuilder();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(c.getNodeValue());
            }
        }
        out.add(here + String.join("", attrs) + (text.toString().isBlank() ? "" : " text=[" + text + "]"));
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                walk(child, here, out);
            }
        }
    }
}
