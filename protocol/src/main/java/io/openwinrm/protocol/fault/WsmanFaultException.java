package io.openwinrm.protocol.fault;

import io.openwinrm.protocol.wsman.Header;
import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;

/**
 * A WS-Management fault as a typed exception: the {@link FaultKind} carries the whole wire reaction, the detail
 * text becomes {@code f:WSManFault/f:Message}. Converted to a SOAP fault in exactly one place
 * ({@code server.dispatch.FaultMapper}) via {@link WsmanFault#of(WsmanFaultException, String)}.
 */
public class WsmanFaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final FaultKind kind;
    private final String detailText;
    private final String machine;
    private final transient QName notUnderstood;
    private final transient Header requestHeader;
    private final ProviderFault provider;

    public WsmanFaultException(FaultKind kind) {
        this(kind, null, null, null, null);
    }

    public WsmanFaultException(FaultKind kind, String detailText) {
        this(kind, detailText, null, null, null);
    }

    public WsmanFaultException(FaultKind kind, String detailText, Throwable cause) {
        this(kind, detailText, null, null, cause);
    }

    /**
     * @param detailText    {@code f:Message} text; null means {@link FaultKind#defaultMessage()}
     * @param machine       {@code f:WSManFault/@Machine}, or null to let the mapper fill it
     * @param notUnderstood the header QName for {@link FaultKind#MUST_UNDERSTAND}, else null
     */
    public WsmanFaultException(FaultKind kind, String detailText, String machine, QName notUnderstood,
            Throwable cause) {
        this(kind, detailText, machine, notUnderstood, null, null, cause);
    }

    private WsmanFaultException(FaultKind kind, String detailText, String machine, QName notUnderstood,
            Header requestHeader, ProviderFault provider, Throwable cause) {
        super(kind.name() + ": " + (detailText == null ? kind.defaultMessage().strip() : detailText), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.detailText = detailText;
        this.machine = machine;
        this.notUnderstood = notUnderstood;
        this.requestHeader = requestHeader;
        this.provider = provider;
    }

    /**
     * A fault raised by a shell plug-in, written with Windows' {@code f:ProviderFault} inside {@code f:Message}.
     *
     * @param detailText the provider's text; null means {@link FaultKind#defaultMessage()} (the Win32 text)
     */
    public static WsmanFaultException fromProvider(FaultKind kind, ProviderFault provider, String detailText) {
        return new WsmanFaultException(kind, detailText, null, null, null, Objects.requireNonNull(provider),
                null);
    }

    /**
     * A copy that also carries the (possibly partial) header of the request that failed to decode, so the fault
     * response can echo its MessageID in RelatesTo. Used by the codec.
     */
    public WsmanFaultException withRequestHeader(Header header) {
        WsmanFaultException copy = new WsmanFaultException(kind, detailText, machine, notUnderstood, header,
                provider, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** The header of the failed request as far as it could be read, when the codec raised this fault. */
    public Optional<Header> requestHeader() {
        return Optional.ofNullable(requestHeader);
    }

    /** A MustUnderstand fault naming the header that was not understood. */
    public static WsmanFaultException mustUnderstand(QName header) {
        return new WsmanFaultException(FaultKind.MUST_UNDERSTAND, null, null, Objects.requireNonNull(header), null);
    }

    public FaultKind kind() {
        return kind;
    }

    /** The specific text, or the kind's default message. Never null. */
    public String detailText() {
        return detailText == null ? kind.defaultMessage() : detailText;
    }

    public Optional<String> machine() {
        return Optional.ofNullable(machine);
    }

    /** The plug-in that raised the fault, when it is written as an {@code f:ProviderFault}. */
    public Optional<ProviderFault> provider() {
        return Optional.ofNullable(provider);
    }

    public Optional<QName> notUnderstood() {
        return Optional.ofNullable(notUnderstood);
    }
}
