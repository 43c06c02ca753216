package io.openwinrm.protocol.codec;

import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.wsman.Namespaces;
import java.util.OptionalLong;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;

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
        return new WsmanFault(code, subcode, reason, wsmanCode, message, faultDetail, machine, null);
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
                message = in.deepText();
            } else {
                in.skipElement();
            }
        }
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
