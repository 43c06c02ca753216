package io.openwinrm.protocol.codec;

import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.ConnectResponse;
import io.openwinrm.protocol.shell.DeleteResponse;
import io.openwinrm.protocol.shell.DisconnectResponse;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.IdentifyRequest;
import io.openwinrm.protocol.shell.IdentifyResponse;
import io.openwinrm.protocol.shell.PowerShellCreated;
import io.openwinrm.protocol.shell.PullRequest;
import io.openwinrm.protocol.shell.PullResponse;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.ReconnectResponse;
import io.openwinrm.protocol.shell.ReleaseRequest;
import io.openwinrm.protocol.shell.SendResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.shell.SignalResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Durations;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.Namespaces;
import io.openwinrm.protocol.wsman.Option;
import io.openwinrm.protocol.wsman.Selector;
import javax.xml.namespace.QName;

/**
 * Writes an envelope with Windows' prefixes and a fixed header order.
 *
 * <ul>
 *   <li>Responses (RelatesTo present, or a response/fault body): {@code a:Action, a:MessageID, a:To,
 *       a:RelatesTo}, as Windows orders them (winrm-wire.md 1.3), plus {@code s:NotUnderstood} for
 *       MustUnderstand faults.</li>
 *   <li>Requests: the pypsrp header set verified against Windows (winrm-wire.md 1.2), with
 *       {@code s:mustUnderstand="true"} on Action, MaxEnvelopeSize, ReplyTo/Address, ResourceURI and OptionSet.</li>
 *   <li>An empty header (Identify) is {@code <s:Header/>}.</li>
 * </ul>
 */
final class EnvelopeWriter {
    static final String S = "s:";
    static final String A = "a:";
    static final String W = "w:";
    static final String P = "p:";
    private static final String MU = "s:mustUnderstand";
    private static final String VERSION_MISMATCH = "s:VersionMismatch";

    private EnvelopeWriter() {
    }

    static byte[] write(Envelope env) {
        Body body = env.body();
        XmlOut out = new XmlOut(1024);
        out.start("s:Envelope").attr("xml:lang", "en-US")
                .attr("xmlns:s", Namespaces.SOAP12)
                .attr("xmlns:a", Namespaces.ADDRESSING)
                .attr("xmlns:x", Namespaces.TRANSFER)
                .attr("xmlns:w", Namespaces.WSMAN)
                .attr("xmlns:rsp", Namespaces.SHELL)
                .attr("xmlns:p", Namespaces.WSMV);
        if (body instanceof WsmanFault) {
            out.attr("xmlns:e", Namespaces.EVENTING).attr("xmlns:n", Namespaces.ENUMERATION);
        } else if (body instanceof EnumerateRequest || body instanceof EnumerateResponse || body instanceof PullRequest
                || body instanceof PullResponse || body instanceof ReleaseRequest) {
            out.attr("xmlns:n", Namespaces.ENUMERATION);
        }
        if (body instanceof IdentifyRequest || body instanceof IdentifyResponse) {
            out.attr("xmlns:wsmid", Namespaces.WSMID);
        }
        writeHeader(out, env.header(), body);
        BodyWriter.write(out, body);
        out.end("s:Envelope");
        return out.toUtf8();
    }

    private static void writeHeader(XmlOut out, Header h, Body body) {
        if (isEmpty(h)) {
            out.start("s:Header").endEmpty();
            return;
        }
        out.start("s:Header");
        if (isResponse(h, body)) {
            writeResponseHeader(out, h, body);
        } else {
            writeRequestHeader(out, h);
        }
        out.end("s:Header");
    }

    private static void writeResponseHeader(XmlOut out, Header h, Body body) {
        optional(out, "a:Action", h.action());
        optional(out, "a:MessageID", h.messageId());
        optional(out, "a:To", h.to());
        optional(out, "a:RelatesTo", h.relatesTo());
        if (body instanceof WsmanFault f && f.notUnderstood() != null) {
            writeNotUnderstood(out, f.notUnderstood());
        }
        if (body instanceof WsmanFault f && VERSION_MISMATCH.equals(f.code())) {
            // SOAP 1.2 part 1 5.4.7: the envelope versions this node supports
            out.start("s:Upgrade").start("s:SupportedEnvelope").attr("qname", "s:Envelope").endEmpty()
                    .end("s:Upgrade");
        }
        if (h.resourceUri() != null) {
            out.element("w:ResourceURI", h.resourceUri());
        }
        writeSelectors(out, h);
    }

    private static void writeRequestHeader(XmlOut out, Header h) {
        if (h.action() != null) {
            out.start("a:Action").attr(MU, "true").text(h.action()).end("a:Action");
        }
        if (h.dataLocale() != null) {
            out.start("p:DataLocale").attr(MU, "false").attr("xml:lang", h.dataLocale()).endEmpty();
        }
        if (h.locale() != null) {
            out.start("w:Locale").attr(MU, "false").attr("xml:lang", h.locale()).endEmpty();
        }
        if (h.maxEnvelopeSize().isPresent()) {
            out.start("w:MaxEnvelopeSize").attr(MU, "true")
                    .rawAscii(Long.toString(h.maxEnvelopeSize().getAsLong())).end("w:MaxEnvelopeSize");
        }
        optional(out, "a:MessageID", h.messageId());
        h.operationTimeout().ifPresent(d -> out.element("w:OperationTimeout", Durations.formatSeconds(d)));
        if (h.replyTo() != null) {
            out.start("a:ReplyTo").start("a:Address").attr(MU, "true").text(h.replyTo()).end("a:Address")
                    .end("a:ReplyTo");
        }
        if (h.resourceUri() != null) {
            out.start("w:ResourceURI").attr(MU, "true").text(h.resourceUri()).end("w:ResourceURI");
        }
        if (h.sessionId() != null) {
            out.start("p:SessionId").attr(MU, "false").text(h.sessionId()).end("p:SessionId");
        }
        optional(out, "a:To", h.to());
        optional(out, "a:RelatesTo", h.relatesTo());
        if (!h.options().isEmpty()) {
            out.start("w:OptionSet").attr(MU, "true");
            for (Option o : h.options().options()) {
                out.start("w:Option").attr("Name", o.name());
                if (o.mustComply()) {
                    out.attr("MustComply", "true");
                }
                out.text(o.value()).end("w:Option");
            }
            out.end("w:OptionSet");
        }
        writeSelectors(out, h);
    }

    private static void writeSelectors(XmlOut out, Header h) {
        if (h.selectors().isEmpty()) {
            return;
        }
        out.start("w:SelectorSet");
        for (Selector s : h.selectors().selectors()) {
            out.start("w:Selector").attr("Name", s.name()).text(s.value()).end("w:Selector");
        }
        out.end("w:SelectorSet");
    }

    private static void writeNotUnderstood(XmlOut out, QName q) {
        String prefix = WsmanFault.preferredPrefix(q.getNamespaceURI());
        out.start("s:NotUnderstood");
        if (q.getNamespaceURI().isEmpty()) {
            out.attr("qname", q.getLocalPart());
        } else if (prefix != null) {
            out.attr("qname", prefix + ":" + q.getLocalPart());
        } else {
            out.attr("qname", "nu:" + q.getLocalPart()).attr("xmlns:nu", q.getNamespaceURI());
        }
        out.endEmpty();
    }

    private static void optional(XmlOut out, String qname, String value) {
        if (value != null) {
            out.element(qname, value);
        }
    }

    private static boolean isEmpty(Header h) {
        return h.action() == null && h.to() == null && h.messageId() == null && h.relatesTo() == null
                && h.replyTo() == null && h.resourceUri() == null && h.selectors().isEmpty()
                && h.options().isEmpty() && h.maxEnvelopeSize().isEmpty() && h.operationTimeout().isEmpty()
                && h.locale() == null && h.dataLocale() == null && h.sessionId() == null;
    }

    private static boolean isResponse(Header h, Body b) {
        return h.relatesTo() != null || b instanceof WsmanFault || b instanceof ShellCreated
                || b instanceof PowerShellCreated
                || b instanceof CommandResponse || b instanceof SendResponse || b instanceof ReceiveResponse
                || b instanceof SignalResponse || b instanceof DeleteResponse || b instanceof IdentifyResponse
                || b instanceof DisconnectResponse || b instanceof ReconnectResponse || b instanceof ConnectResponse
                || b instanceof ShellInfo || b instanceof EnumerateResponse || b instanceof PullResponse;
    }
}
