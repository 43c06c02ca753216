package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.ProviderFault;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Issue 10 item 6: provider faults have Windows' shape, {@code f:Message/f:ProviderFault} with the Win32 text or a
 * nested {@code f:WSManFault}. The expectation is the whole {@code s:Fault} of the Windows recording, compared
 * element by element (names, attributes, text; indentation ignored).
 */
class ProviderFaultShapeTest {
    private final WsmanCodec codec = new WsmanCodec();

    @Test
    void receiveWithoutCommandIdIsTheCmdPluginsInvalidParameter() {
        assertSameFault("winrs-receive-invalid-parameter", WsmanFaultException.fromProvider(
                FaultKind.INVALID_PARAMETER, ProviderFault.SHELL_CMD_PLUGIN, null), "127.0.0.1");
    }

    @Test
    void programNotFoundIsTheCmdPluginsInternalError() {
        assertSameFault("winrs-command-internal-error", WsmanFaultException.fromProvider(
                FaultKind.PROGRAM_NOT_FOUND, ProviderFault.SHELL_CMD_PLUGIN, null), "server2008r2.domain.local");
    }

    @Test
    void getOfAnUnknownShellNestsTheShellProvidersWsmanFault() {
        assertSameFault("wsman-get-shell-invalid-selectors", WsmanFaultException.fromProvider(
                FaultKind.UNKNOWN_SHELL, ProviderFault.SHELL_PROVIDER, FaultKind.UNKNOWN_SHELL.reason()),
                "127.0.0.1");
    }

    @Test
    void providerSurvivesDecodeAndReencode() {
        for (String name : List.of("winrs-receive-invalid-parameter", "winrs-command-internal-error",
                "wsman-get-shell-invalid-selectors")) {
            WsmanFault f = codec.decode(Vectors.vector(name + ".response.xml")).body(WsmanFault.class);
            assertThat(f.provider()).as(name).isNotNull();
            assertThat(f.message()).as(name).doesNotContain("\n");
            WsmanFault again = codec.decode(codec.encode(new Envelope(Header.responseTo(null,
                    FaultKind.INVALID_PARAMETER.action()), f))).body(WsmanFault.class);
            assertThat(again).isEqualTo(f);
        }
        WsmanFault get = codec.decode(Vectors.vector("wsman-get-shell-invalid-selectors.response.xml"))
                .body(WsmanFault.class);
        assertThat(get.provider()).isEqualTo(ProviderFault.SHELL_PROVIDER);
        assertThat(get.message()).isEqualTo(FaultKind.UNKNOWN_SHELL.reason());
    }

    private void assertSameFault(String vector, WsmanFaultException e, String machine) {
        byte[] ours = codec.encode(new Envelope(Header.responseTo(null, e.kind().action()), WsmanFault.of(e,
                machine)));
        assertThat(canonicalFault(ours)).isEqualTo(canonicalFault(Vectors.vector(vector + ".response.xml")));
    }

    /** The s:Fault element as lines "path {ns}name @attr=value ... text", whitespace-only text dropped. */
    static List<String> canonicalFault(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            NodeList faults = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml))
                    .getElementsByTagNameNS("http://www.w3.org/2003/05/soap-envelope", "Fault");
            assertThat(faults.getLength()).isEqualTo(1);
            List<String> out = new ArrayList<>();
            walk((Element) faults.item(0), "", out);
            return out;
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private static void walk(Element e, String path, List<String> out) {
        String here = path + "/{" + e.getNamespaceURI() + "}" + e.getLocalName();
        StringBuilder line = new StringBuilder(here);
        List<String> attrs = new ArrayList<>();
        for (int i = 0; i < e.getAttributes().getLength(); i++) {
            Node a = e.getAttributes().item(i);
            if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                attrs.add(" @{" + a.getNamespaceURI() + "}" + a.getLocalName() + "=" + a.getNodeValue());
            }
        }
        attrs.sort(null);
        attrs.forEach(line::append);
        StringBuilder text = new StringBuilder();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(c.getNodeValue());
            }
        }
        if (!text.toString().isBlank()) {
            line.append(" text=[").append(text).append(']');
        }
        out.add(line.toString());
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                walk(child, here, out);
            }
        }
    }
}
