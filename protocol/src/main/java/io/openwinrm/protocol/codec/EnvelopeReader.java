package io.openwinrm.protocol.codec;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.DeleteRequest;
import io.openwinrm.protocol.shell.DeleteResponse;
import io.openwinrm.protocol.shell.DisconnectResponse;
import io.openwinrm.protocol.shell.ReconnectRequest;
import io.openwinrm.protocol.shell.ReconnectResponse;
import io.openwinrm.protocol.shell.SendResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.SignalResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.EmptyBody;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.Namespaces;
import io.openwinrm.protocol.wsman.WsmanAction;
import javax.xml.stream.XMLStreamException;

/** Reads one SOAP 1.2 envelope: {@code s:Envelope}, optional {@code s:Header}, mandatory {@code s:Body}. */
final class EnvelopeReader {
    /** The SOAP 1.1 envelope namespace, recognised only to answer VersionMismatch. */
    static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";

    private final XmlIn in;
    private Header header = Header.EMPTY;

    EnvelopeReader(XmlIn in) {
        this.in = in;
    }

    /** The header read so far (for faults raised while reading the body). */
    Header header() {
        return header;
    }

    Envelope read() throws XMLStreamException {
        in.toRootElement();
        if (in.is(SOAP11, "Envelope")) {
            // SOAP 1.2 part 1 5.4.7 / appendix A: a SOAP 1.1 envelope is a version mismatch, not a schema error
            throw new WsmanFaultException(FaultKind.VERSION_MISMATCH);
        }
        if (!in.is(Namespaces.SOAP12, "Envelope")) {
            throw XmlIn.schema("The root element is not a SOAP 1.2 Envelope: {" + in.nsUri() + "}" + in.localName());
        }
        if (!in.nextChild()) {
            throw XmlIn.schema("The SOAP Envelope has no Body.");
        }
        HeaderReader hr = null;
        if (in.is(Namespaces.SOAP12, "Header")) {
            hr = new HeaderReader(in);
            header = hr.read();
            if (hr.problem() != null) {
                throw hr.problem();
            }
            if (!in.nextChild()) {
                throw XmlIn.schema("The SOAP Envelope has no Body.");
            }
        }
        if (!in.is(Namespaces.SOAP12, "Body")) {
            throw XmlIn.schema("Expected the SOAP Body but found {" + in.nsUri() + "}" + in.localName());
        }
        Body body = readBody();
        if (body instanceof WsmanFault f && hr != null && hr.notUnderstood() != null) {
            body = new WsmanFault(f.code(), f.subcode(), f.reason(), f.wsmanCode(), f.message(), f.faultDetail(),
                    f.machine(), hr.notUnderstood(), f.provider());
        }
        // the rest of the envelope: nothing but whitespace until the end
        if (in.nextChild()) {
            throw XmlIn.schema("Unexpected element after the SOAP Body: " + in.localName());
        }
        in.toEndOfDocument();
        return new Envelope(header, body);
    }

    private Body readBody() throws XMLStreamException {
        if (!in.nextChild()) {
            return emptyBody(header.action());
        }
        BodyReader br = new BodyReader(in);
        Body body = br.read(header.action());
        while (in.nextChild()) {
            if (body instanceof ShellCreated sc && in.is(Namespaces.SHELL, "Shell")) {
                body = br.readShellInfo(sc);
            } else {
                in.skipElement();
            }
        }
        return body;
    }

    private static Body emptyBody(String action) {
        if (action == null) {
            return new EmptyBody();
        }
        if (action.equals(WsmanAction.DELETE.uri())) {
            return new DeleteRequest();
        }
        if (action.equals(WsmanAction.DELETE.responseUri())) {
            return new DeleteResponse();
        }
        if (action.equals(WsmanAction.RECONNECT.uri())) {
            return new ReconnectRequest();
        }
        if (action.equals(WsmanAction.RECONNECT.responseUri())) {
            return new ReconnectResponse();
        }
        if (action.equals(WsmanAction.DISCONNECT.responseUri())) {
            return new DisconnectResponse();
        }
        if (action.equals(WsmanAction.SEND.responseUri())) {
            return new SendResponse();
        }
        if (action.equals(WsmanAction.SIGNAL.responseUri())) {
            return new SignalResponse();
        }
        return new EmptyBody();
    }

    static WsmanFaultException malformed(String what) {
        return new WsmanFaultException(FaultKind.SCHEMA_VALIDATION, "The request is not well-formed XML: " + what);
    }
}
