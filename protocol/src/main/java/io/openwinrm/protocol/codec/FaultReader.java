package io.openwinrm.protocol.codec;

import io.openwinrm.protocol.fault.ProviderFault;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.wsman.Namespaces;
import java.util.OptionalLong;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads {@code s:Fault} (SOAP 1.2 part 1 5.4; winrm-wire.md 3.1): code, first subcode, reason, and the
 * {@code f:WSManFault} or {@code p:MSFT_WmiError} detail.
 */
final class FaultReader {
    private final XmlIn in;
    private String code;
    private String subcode;
    private String reason;
    private OptionalLong wsmanCode = OptionalLong.empty();
    private String message;
    private String faultDetail;
    private String machine;
    private ProviderFault provider;

    FaultReader(XmlIn in) {
        this.in = in;
    }

    WsmanFault read() throws XMLStreamException {
        while (in.nextChild()) {
            if (in.is(Namespaces.SOAP12, "Code")) {
                readCode(true);
            } else if (in.is(Namespaces.SOAP12, "Reason")) {
                while (in.nextChild()) {
                    if (in.is(Namespaces.SOAP12, "Text") && reason == null) {
                        reason = in.text();
                    } else {
                        in.skipElement();
                    }
                }
            } else if (in.is(Namespaces.SOAP12, "Detail")) {
                readDetail();
            } else {
                in.skipElement();
            }
        }
        return new WsmanFault(code, subcode, reason, wsmanCode, message, faultDetail, machine, null, provider);
    }

    private void readCode(boolean top) throws XMLStreamException {
        while (in.nextChild()) {
            if (in.is(Namespaces.SOAP12, "Value")) {
                String v = canonical(in.resolveQName(in.text()));
                if (top) {
                    code = v;
                } else if (subcode == null) {
                    subcode = v;
                }
            } else if (in.is(Namespaces.SOAP12, "Subcode")) {
                readCode(false);
            } else {
                in.skipElement();
            }
        }
    }

    private static String canonical(QName q) {
        return WsmanFault.prefixed(q);
    }

    private void readDetail() throws XMLStreamException {
        while (in.nextChild()) {
            if (in.is(Namespaces.WSMAN, "FaultDetail")) {
                faultDetail = in.text().strip();
            } else if (in.is(Namespaces.WSMAN_FAULT, "WSManFault")) {
                readWsmanFault();
            } else if (in.is(Namespaces.WMI_ERROR, "MSFT_WmiError")) {
                readWmiError();
            } else {
                in.skipElement();
            }
        }
    }

    private void readWsmanFault() throws XMLStreamException {
        String c = in.attr("Code");
        if (c != null && wsmanCode.isEmpty()) {
            wsmanCode = parseCode(c);
        }
        String m = in.attr("Machine");
        if (m != null && machine == null) {
            machine = m;
        }
        while (in.nextChild()) {
            if (in.is(Namespaces.WSMAN_FAULT, "Message") && message == null) {
                message = readMessage();
            } else {
                in.skipElement();
            }
        }
    }

    /**
     * {@code f:Message}: plain text, or Windows' {@code f:ProviderFault} holding the provider's text or a nested
     * {@code f:WSManFault} whose message is taken (other mixed content: all descendant text).
     */
    private String readMessage() throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        String found = null;
        XMLStreamReader r = in.reader();
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return found != null ? found : in.expand(text.toString());
            }
            if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                    || ev == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            } else if (ev == XMLStreamConstants.START_ELEMENT) {
                if (found == null && in.is(Namespaces.WSMAN_FAULT, "ProviderFault")) {
                    found = readProviderFault();
                } else {
                    text.append(in.deepText());
                }
            } else if (ev == XMLStreamConstants.DTD || ev == XMLStreamConstants.ENTITY_REFERENCE) {
                throw XmlIn.schema("entity references are not allowed in a SOAP message");
            }
        }
    }

    private String readProviderFault() throws XMLStreamException {
        String name = in.attr("provider");
        String path = in.attr("path");
        StringBuilder text = new StringBuilder();
        String nested = null;
        XMLStreamReader r = in.reader();
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                    || ev == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            } else if (ev == XMLStreamConstants.START_ELEMENT) {
                if (nested == null && in.is(Namespaces.WSMAN_FAULT, "WSManFault")) {
                    nested = nestedMessage();
                } else {
                    text.append(in.deepText());
                }
            } else if (ev == XMLStreamConstants.DTD || ev == XMLStreamConstants.ENTITY_REFERENCE) {
                throw XmlIn.schema("entity references are not allowed in a SOAP message");
            }
        }
        provider = new ProviderFault(name == null ? "" : name, path == null ? "" : path, nested != null);
        return nested != null ? nested : in.expand(text.toString());
    }

    private String nestedMessage() throws XMLStreamException {
        String m = null;
        while (in.nextChild()) {
            if (m == null && in.is(Namespaces.WSMAN_FAULT, "Message")) {
                m = in.deepText();
            } else {
                in.skipElement();
            }
        }
        return m == null ? "" : m;
    }

    private void readWmiError() throws XMLStreamException {
        while (in.nextChild()) {
            if (in.is(Namespaces.WMI_ERROR, "error_Code") && wsmanCode.isEmpty()) {
                wsmanCode = parseCode(in.text());
            } else if (in.is(Namespaces.WMI_ERROR, "Message") && message == null) {
                message = in.text();
            } else {
                in.skipElement();
            }
        }
    }

    private static OptionalLong parseCode(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
