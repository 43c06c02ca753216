package io.openwinrm.protocol.codec;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.wsman.Namespaces;
import java.util.Base64;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A thin cursor over an {@link XMLStreamReader} positioned on elements. Namespace-strict (an element is matched by
 * namespace URI and local name, never by prefix), lenient on prefixes, whitespace, comments and CDATA.
 */
final class XmlIn {
    private final XMLStreamReader r;
    private final Base64Runs runs;

    /** A cursor over a skeleton made by {@code runs} (null: over the message itself). */
    XmlIn(XMLStreamReader r, Base64Runs runs) {
        this.r = r;
        this.runs = runs;
    }

    XMLStreamReader reader() {
        return r;
    }

    /** Advances to the first element of the document, rejecting DTDs. */
    void toRootElement() throws XMLStreamException {
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.DTD) {
                throw schema("a DOCTYPE declaration is not allowed in a SOAP message");
            }
            if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
                throw schema("entity references are not allowed in a SOAP message");
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                return;
            }
        }
        throw schema("the message contains no XML element");
    }

    /** After the root element: only comments, processing instructions and whitespace may follow. */
    void toEndOfDocument() throws XMLStreamException {
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                throw schema("content after the SOAP Envelope: " + r.getLocalName());
            }
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                return;
            }
        }
    }

    /**
     * From a START_ELEMENT, advances to the next child START_ELEMENT and returns true, or to the matching
     * END_ELEMENT and returns false. Text between children must be whitespace.
     */
    boolean nextChild() throws XMLStreamException {
        while (true) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT:
                    return true;
                case XMLStreamConstants.END_ELEMENT:
                    return false;
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    if (!r.isWhiteSpace()) {
                        // a text event has no element name (getLocalName would throw): say where it is
                        throw schema("unexpected text between elements at line " + r.getLocation().getLineNumber()
                                + ", column " + r.getLocation().getColumnNumber());
                    }
                    break;
                case XMLStreamConstants.DTD:
                    throw schema("a DOCTYPE declaration is not allowed in a SOAP message");
                case XMLStreamConstants.ENTITY_REFERENCE:
                    throw schema("entity references are not allowed in a SOAP message");
                case XMLStreamConstants.END_DOCUMENT:
                    throw schema("unexpected end of document");
                default:
                    break; // comments, processing instructions
            }
        }
    }

    /** Skips the current element with everything inside it; positioned on its END_ELEMENT afterwards. */
    void skipElement() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (ev == XMLStreamConstants.DTD || ev == XMLStreamConstants.ENTITY_REFERENCE) {
                throw schema("DTD constructs are not allowed in a SOAP message");
            }
        }
    }

    /** Text-only content of the current element (CDATA included); child elements are a schema error. */
    String text() throws XMLStreamException {
        StringBuilder sb = null;
        String single = null;
        while (true) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    if (single == null && sb == null) {
                        single = r.getText();
                    } else {
                        if (sb == null) {
                            sb = new StringBuilder(single);
                        }
                        sb.append(r.getText());
                    }
                    break;
                case XMLStreamConstants.END_ELEMENT:
                    return expand(sb != null ? sb.toString() : single == null ? "" : single);
                case XMLStreamConstants.START_ELEMENT:
                    throw schema("element " + r.getLocalName() + " is not allowed here");
                case XMLStreamConstants.ENTITY_REFERENCE:
                case XMLStreamConstants.DTD:
                    throw schema("entity references are not allowed in a SOAP message");
                default:
                    break;
            }
        }
    }

    /**
     * The text-only content of the current element as ASCII bytes with XML whitespace removed, for base64 payloads:
     * copied straight from the parser's character buffer, without building strings. A character outside ASCII
     * cannot be base64 and is reported as {@link IllegalArgumentException}.
     */
    byte[] compactAsciiText() throws XMLStreamException {
        byte[] buf = new byte[256];
        int n = 0;
        while (true) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    char[] chars = r.getTextCharacters();
                    int start = r.getTextStart();
                    int len = r.getTextLength();
                    if (n + len > buf.length) {
                        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + len));
                    }
                    for (int i = start, end = start + len; i < end; i++) {
                        char c = chars[i];
                        if (c > ' ') {
                            if (c > 127) {
                                throw new IllegalArgumentException("non-ASCII character in base64 content");
                            }
                            buf[n++] = (byte) c;
                        } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                            throw new IllegalArgumentException("control character in base64 content");
                        }
                    }
                    break;
                case XMLStreamConstants.END_ELEMENT:
                    return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
                case XMLStreamConstants.START_ELEMENT:
                    throw schema("element " + r.getLocalName() + " is not allowed here");
                case XMLStreamConstants.ENTITY_REFERENCE:
                case XMLStreamConstants.DTD:
                    throw schema("entity references are not allowed in a SOAP message");
                default:
                    break;
            }
        }
    }

    /** All descendant text of the current element, concatenated (for f:Message with f:ProviderFault inside). */
    String deepText() throws XMLStreamException {
        StringBuilder sb = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> depth++;
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        sb.append(r.getText());
                case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.DTD ->
                        throw schema("entity references are not allowed in a SOAP message");
                default -> {
                }
            }
        }
        return expand(sb.toString());
    }

    /** Text read from the parser as it stood in the message (see {@link Base64Runs}). */
    String expand(String text) {
        return runs == null ? text : runs.expand(text);
    }

    /**
     * The base64 content of the current element, decoded ({@link #compactAsciiText}, or straight from the message's
     * bytes when the parser saw a placeholder).
     *
     * @throws IllegalArgumentException if it is not valid base64
     */
    byte[] base64() throws XMLStreamException {
        byte[] compact = compactAsciiText();
        return runs == null ? Base64.getDecoder().decode(compact) : runs.decodeBase64(compact);
    }

    boolean is(String ns, String local) {
        return local.equals(r.getLocalName()) && ns.equals(nsUri());
    }

    boolean isWsmid(String local) {
        return local.equals(r.getLocalName()) && Namespaces.isWsmid(nsUri());
    }

    String nsUri() {
        String ns = r.getNamespaceURI();
        return ns == null ? "" : ns;
    }

    String localName() {
        return r.getLocalName();
    }

    QName name() {
        return new QName(nsUri(), r.getLocalName(), r.getPrefix() == null ? "" : r.getPrefix());
    }

    /**
     * An attribute by local name, unqualified or qualified with one of the WS-Man/shell namespaces
     * (winrm4j writes {@code rsp:CommandId}). Null when absent.
     */
    String attr(String local) {
        int n = r.getAttributeCount();
        for (int i = 0; i < n; i++) {
            if (!local.equals(r.getAttributeLocalName(i))) {
                continue;
            }
            String ns = r.getAttributeNamespace(i);
            if (ns == null || ns.isEmpty() || ns.equals(Namespaces.SHELL) || ns.equals(Namespaces.WSMAN)) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }

    /** An attribute in a specific namespace, or null. */
    String attr(String ns, String local) {
        int n = r.getAttributeCount();
        for (int i = 0; i < n; i++) {
            if (local.equals(r.getAttributeLocalName(i)) && ns.equals(r.getAttributeNamespace(i))) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }

    /** True if the element carries {@code s:mustUnderstand="true"} or {@code "1"} in the SOAP 1.2 namespace. */
    boolean mustUnderstand() {
        String v = attr(Namespaces.SOAP12, "mustUnderstand");
        return v != null && (v.strip().equalsIgnoreCase("true") || v.strip().equals("1"));
    }

    /** Resolves a prefixed QName written as element text (e.g. {@code w:TimedOut}). */
    QName resolveQName(String text) {
        String t = text.strip();
        int colon = t.indexOf(':');
        String prefix = colon > 0 ? t.substring(0, colon) : "";
        String local = colon > 0 ? t.substring(colon + 1) : t;
        String ns = r.getNamespaceContext().getNamespaceURI(prefix);
        return new QName(ns == null ? "" : ns, local, prefix);
    }

    static WsmanFaultException schema(String text) {
        return new WsmanFaultException(FaultKind.SCHEMA_VALIDATION, text);
    }

    static boolean parseBoolean(String v, String what) {
        String s = v.strip();
        if (s.equalsIgnoreCase("true") || s.equals("1")) {
            return true;
        }
        if (s.equalsIgnoreCase("false") || s.equals("0")) {
            return false;
        }
        throw schema("invalid boolean value for " + what + ": " + s);
    }
}
