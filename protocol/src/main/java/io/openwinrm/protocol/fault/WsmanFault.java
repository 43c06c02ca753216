package io.openwinrm.protocol.fault;

import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.wsman.Namespaces;
import java.util.Optional;
import java.util.OptionalLong;
import javax.xml.namespace.QName;

/**
 * A SOAP fault body, as sent (built from a {@link WsmanFaultException}) or as parsed by a client
 * (winrm-wire.md 3.1; [MS-WSMV] 3.1.4.1.30).
 *
 * @param code          {@code s:Code/s:Value} in prefixed form, e.g. {@code s:Sender}
 * @param subcode       {@code s:Subcode/s:Value} in canonical prefixed form ({@code w:TimedOut},
 *                      {@code a:InvalidMessageInformationHeader}), or null
 * @param reason        {@code s:Reason/s:Text}
 * @param wsmanCode     {@code f:WSManFault/@Code} (or {@code p:MSFT_WmiError/p:error_Code})
 * @param message       {@code f:Message} text (ProviderFault text included), or null
 * @param faultDetail   {@code w:FaultDetail} URI, or null
 * @param machine       {@code f:WSManFault/@Machine}, or null
 * @param notUnderstood for MustUnderstand: the header named by {@code s:NotUnderstood/@qname}, or null
 * @param provider      the {@code f:ProviderFault} that wraps {@code message}, or null for a plain {@code f:Message}
 */
public record WsmanFault(String code, String subcode, String reason, OptionalLong wsmanCode, String message,
        String faultDetail, String machine, QName notUnderstood, ProviderFault provider) implements Body {

    /** Code of the OperationTimeout fault that means "no output yet, poll again". */
    public static final long TIMED_OUT_CODE = 2150858793L;

    public WsmanFault {
        wsmanCode = wsmanCode == null ? OptionalLong.empty() : wsmanCode;
    }

    public WsmanFault(String code, String subcode, String reason, OptionalLong wsmanCode, String message,
            String faultDetail) {
        this(code, subcode, reason, wsmanCode, message, faultDetail, null, null, null);
    }

    public WsmanFault(String code, String subcode, String reason, OptionalLong wsmanCode, String message,
            String faultDetail, String machine, QName notUnderstood) {
        this(code, subcode, reason, wsmanCode, message, faultDetail, machine, notUnderstood, null);
    }

    /**
     * The fault body for {@code e}; {@code machine} ({@code f:WSManFault/@Machine}) is used unless the exception
     * names one. MustUnderstand faults carry no WSManFault detail (as Windows), hence no machine.
     */
    public static WsmanFault of(WsmanFaultException e, String machine) {
        FaultKind k = e.kind();
        return new WsmanFault(prefixed(k.soapCode()), k.subcode() == null ? null : prefixed(k.subcode()),
                k.reason(), k.wireCode(), k.hasWsmanFaultDetail() ? e.detailText() : null, k.faultDetail(),
                k.hasWsmanFaultDetail() ? e.machine().orElse(machine) : null, e.notUnderstood().orElse(null),
                k.hasWsmanFaultDetail() ? e.provider().orElse(null) : null);
    }

    /** True when this is the OperationTimeout fault (code 2150858793, or subcode w:TimedOut without code). */
    public boolean isTimedOut() {
        if (wsmanCode.isPresent()) {
            return wsmanCode.getAsLong() == TIMED_OUT_CODE;
        }
        return "w:TimedOut".equals(subcode);
    }

    /** The FaultKind with the same subcode and code, if this fault is one we know. */
    public Optional<FaultKind> kind() {
        for (FaultKind k : FaultKind.values()) {
            // without a subcode (MustUnderstand, VersionMismatch) the SOAP code tells the kinds apart
            boolean sameSub = k.subcode() == null ? subcode == null && prefixed(k.soapCode()).equals(code)
                    : prefixed(k.subcode()).equals(subcode);
            if (sameSub && k.wireCode().equals(wsmanCode)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** A readable one-line summary. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(subcode != null ? subcode : code);
        wsmanCode.ifPresent(c -> sb.append(" (").append(c).append(')'));
        String text = message != null ? message : reason;
        if (text != null) {
            sb.append(": ").append(text.strip());
        }
        return sb.toString();
    }

    /** Renders a QName with the preferred prefix of its namespace ({@code w:TimedOut}). */
    public static String prefixed(QName q) {
        String p = preferredPrefix(q.getNamespaceURI());
        if (p == null) {
            p = q.getPrefix();
        }
        return p == null || p.isEmpty() ? q.getLocalPart() : p + ":" + q.getLocalPart();
    }

    /** The prefix Windows uses for a namespace, or null. */
    public static String preferredPrefix(String ns) {
        if (ns == null) {
            return null;
        }
        return switch (ns) {
            case Namespaces.SOAP12 -> Namespaces.PREFIX_SOAP;
            case Namespaces.ADDRESSING -> Namespaces.PREFIX_ADDRESSING;
            case Namespaces.WSMAN -> Namespaces.PREFIX_WSMAN;
            case Namespaces.WSMV -> Namespaces.PREFIX_WSMV;
            case Namespaces.TRANSFER -> Namespaces.PREFIX_TRANSFER;
            case Namespaces.ENUMERATION -> Namespaces.PREFIX_ENUMERATION;
            case Namespaces.EVENTING -> Namespaces.PREFIX_EVENTING;
            case Namespaces.SHELL -> Namespaces.PREFIX_SHELL;
            case Namespaces.WSMAN_FAULT -> Namespaces.PREFIX_FAULT;
            default -> null;
        };
    }
}
