package io.openwinrm.protocol.codec;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.wsman.Durations;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.Namespaces;
import io.openwinrm.protocol.wsman.Option;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.Selector;
import io.openwinrm.protocol.wsman.SelectorSet;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;

/**
 * Reads {@code s:Header} ([MS-WSMV] 3.1.4.1). Header problems are collected and thrown only after the whole
 * header has been read, so the resulting fault still knows the request's MessageID for RelatesTo.
 */
final class HeaderReader {
    private final XmlIn in;
    private final Header.Builder b = Header.builder();
    private WsmanFaultException problem;
    private QName notUnderstoodInResponse;

    HeaderReader(XmlIn in) {
        this.in = in;
    }

    /** Positioned on the s:Header START_ELEMENT; returns on its END_ELEMENT. */
    Header read() throws XMLStreamException {
        while (in.nextChild()) {
            readOne();
        }
        return b.build();
    }

    /** The first header problem (MustUnderstand, invalid value), or null. */
    WsmanFaultException problem() {
        return problem;
    }

    /** For a MustUnderstand fault response: the header named in {@code s:NotUnderstood}. */
    QName notUnderstood() {
        return notUnderstoodInResponse;
    }

    private void readOne() throws XMLStreamException {
        String ns = in.nsUri();
        String local = in.localName();
        switch (ns) {
            case Namespaces.ADDRESSING -> readAddressing(local);
            case Namespaces.WSMAN -> readWsman(local);
            case Namespaces.WSMV -> readWsmv(local);
            case Namespaces.SOAP12 -> {
                if (local.equals("NotUnderstood")) {
                    String q = in.attr("qname");
                    if (q != null) {
                        notUnderstoodInResponse = in.resolveQName(q);
                    }
                    in.skipElement();
                } else {
                    unknown();
                }
            }
            default -> unknown();
        }
    }

    private void readAddressing(String local) throws XMLStreamException {
        switch (local) {
            case "Action" -> b.action(in.text().strip());
            case "To" -> b.to(in.text().strip());
            case "MessageID" -> b.messageId(in.text().strip());
            case "RelatesTo" -> b.relatesTo(in.text().strip());
            case "ReplyTo" -> b.replyTo(readAddress());
            case "FaultTo" -> readFaultTo();
            default -> unknown();
        }
    }

    /**
     * [MS-WSMV] 3.1.4.1.4: faults go back on the request's connection, so a FaultTo whose Address is not the
     * anonymous role MUST get wsman:UnsupportedFeature with detail AddressingMode (as a non-anonymous ReplyTo).
     */
    private void readFaultTo() throws XMLStreamException {
        String address = null;
        while (in.nextChild()) {
            if (in.is(Namespaces.ADDRESSING, "Address")) {
                address = in.text().strip();
            } else {
                in.skipElement();
            }
        }
        if (address == null || !ResourceUris.isAnonymous(address)) {
            note(new WsmanFaultException(FaultKind.UNSUPPORTED_ADDRESSING_MODE, "The WS-Management service does "
                    + "not support the specified addressing mode. Only the anonymous FaultTo address is supported. "));
        }
    }

    private String readAddress() throws XMLStreamException {
        String address = null;
        while (in.nextChild()) {
            if (in.is(Namespaces.ADDRESSING, "Address")) {
                address = in.text().strip();
            } else {
                in.skipElement();
            }
        }
        if (address == null) {
            note(new WsmanFaultException(FaultKind.HEADER_REQUIRED, "The ReplyTo header has no Address."));
            return "";
        }
        return address;
    }

    private void readWsman(String local) throws XMLStreamException {
        switch (local) {
            case "ResourceURI" -> b.resourceUri(in.text().strip());
            case "SelectorSet" -> b.selectors(readSelectors());
            case "OptionSet" -> b.options(readOptions());
            case "MaxEnvelopeSize" -> readMaxEnvelopeSize();
            case "OperationTimeout" -> readOperationTimeout();
            // [MS-WSMV] 3.1.4.1.11: the service SHOULD ignore RequestEPR, mustUnderstand or not
            case "RequestEPR" -> in.skipElement();
            case "Locale" -> {
                if (in.mustUnderstand()) {
                    note(new WsmanFaultException(FaultKind.UNSUPPORTED_LOCALE));
                }
                b.locale(in.attr(Namespaces.XML, "lang"));
                in.skipElement();
            }
            default -> unknown();
        }
    }

    private void readWsmv(String local) throws XMLStreamException {
        switch (local) {
            case "DataLocale" -> {
                if (in.mustUnderstand()) {
                    // [MS-WSMV] 3.1.4.1.9: SHOULD fault UnsupportedFeature with detail DataLocale
                    note(new WsmanFaultException(FaultKind.UNSUPPORTED_DATA_LOCALE));
                }
                b.dataLocale(in.attr(Namespaces.XML, "lang"));
                in.skipElement();
            }
            case "SessionId" -> b.sessionId(in.text().strip());
            // informational PSRP/Windows headers: accepted and ignored
            case "ActivityId", "OperationID", "SequenceId" -> in.skipElement();
            default -> unknown();
        }
    }

    private SelectorSet readSelectors() throws XMLStreamException {
        List<Selector> list = new ArrayList<>();
        while (in.nextChild()) {
            if (in.is(Namespaces.WSMAN, "Selector")) {
                String name = in.attr("Name");
                String value = in.text().strip();
                if (name == null) {
                    note(new WsmanFaultException(FaultKind.SCHEMA_VALIDATION, "A Selector has no Name attribute."));
                } else {
                    list.add(new Selector(name, value));
                }
            } else {
                in.skipElement();
            }
        }
        return new SelectorSet(list);
    }

    private OptionSet readOptions() throws XMLStreamException {
        List<Option> list = new ArrayList<>();
        while (in.nextChild()) {
            if (in.is(Namespaces.WSMAN, "Option")) {
                String name = in.attr("Name");
                String mc = in.attr("MustComply");
                boolean mustComply = false;
                if (mc != null) {
                    try {
                        mustComply = XmlIn.parseBoolean(mc, "MustComply");
                    } catch (WsmanFaultException e) {
                        note(e);
                    }
                }
                String value = in.text();
                if (name == null) {
                    note(new WsmanFaultException(FaultKind.INVALID_OPTIONS, "An Option has no Name attribute."));
                } else {
                    list.add(new Option(name, value, mustComply));
                }
            } else {
                in.skipElement();
            }
        }
        return new OptionSet(list);
    }

    private void readMaxEnvelopeSize() throws XMLStreamException {
        String text = in.text().strip();
        try {
            long v = Long.parseLong(text);
            if (v <= 0) {
                throw new NumberFormatException();
            }
            b.maxEnvelopeSize(v);
        } catch (NumberFormatException e) {
            note(new WsmanFaultException(FaultKind.INVALID_HEADER,
                    "The WS-Management service cannot process the request. The MaxEnvelopeSize value is invalid: "
                            + text + ". "));
        }
    }

    private void readOperationTimeout() throws XMLStreamException {
        String text = in.text().strip();
        try {
            b.operationTimeout(Durations.parse(text));
        } catch (IllegalArgumentException e) {
            note(new WsmanFaultException(FaultKind.INVALID_HEADER,
                    "The WS-Management service cannot process the request. The XML contains an invalid timeout "
                            + "field in the SOAP header: " + text + ". "));
        }
    }

    /** An unrecognised header: a MustUnderstand fault if the sender insisted, otherwise ignored. */
    private void unknown() throws XMLStreamException {
        if (in.mustUnderstand()) {
            note(WsmanFaultException.mustUnderstand(in.name()));
        }
        in.skipElement();
    }

    private void note(WsmanFaultException e) {
        if (problem == null) {
            problem = e;
        }
    }
}
