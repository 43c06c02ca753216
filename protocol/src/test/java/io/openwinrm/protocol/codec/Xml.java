package io.openwinrm.protocol.codec;

import io.openwinrm.protocol.wsman.Namespaces;
import java.io.ByteArrayInputStream;
import java.util.Iterator;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Test helper: evaluates XPath on encoded bytes, the way Go/pywinrm/pypsrp look things up. */
final class Xml {
    private static final Map<String, String> NS = Map.of("s", Namespaces.SOAP12, "a", Namespaces.ADDRESSING,
            "w", Namespaces.WSMAN, "x", Namespaces.TRANSFER, "rsp", Namespaces.SHELL, "f", Namespaces.WSMAN_FAULT,
            "p", Namespaces.WSMV, "xml", XMLConstants.XML_NS_URI);

    private final Document doc;
    private final XPath xpath;

    Xml(byte[] bytes) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new AssertionError("encoded output is not well-formed XML", e);
        }
        xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return NS.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
    }

    String string(String expr) {
        try {
            return (String) xpath.evaluate(expr, doc, XPathConstants.STRING);
        } catch (Exception e) {
            throw new AssertionError(expr, e);
        }
    }

    int count(String expr) {
        try {
            return ((NodeList) xpath.evaluate(expr, doc, XPathConstants.NODESET)).getLength();
        } catch (Exception e) {
            throw new AssertionError(expr, e);
        }
    }
}
