package io.openwinrm.protocol.fault;

import io.openwinrm.protocol.wsman.Namespaces;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.util.OptionalLong;
import javax.xml.namespace.QName;

/**
 * Every fault this implementation sends, with its complete wire reaction ([MS-WSMV] 3.1.4.1.30, 2.2.4.x;
 * SOAP 1.2 part 1 5.4; DSP0226 Annex A).
 *
 * <p>Codes are the decimal {@code f:WSManFault/@Code}. Values are from the Windows SDK {@code wsmerror.h}
 * ({@code ERROR_WSMAN_*}, {@code ERROR_WINRS_*}; read through the generated {@code windows-sys} constant list
 * {@code Win32/System/RemoteManagement}) or Win32 error codes; kinds marked "observed" match a recorded Windows
 * fault in {@code /work/shared/vectors/windows}. Texts are Windows' wording where a recording exists.
 */
public enum FaultKind {
    /** No output before OperationTimeout; clients poll again. Observed. ERROR_WSMAN_OPERATION_TIMEDOUT. */
    TIMED_OUT(Soap.RECEIVER, wsman("TimedOut"), 2150858793L, null, Act.WSMAN,
            "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  ",
            null),
    /**
     * Unknown or closed ShellId. Observed code; ERROR_WSMAN_UNEXPECTED_SELECTORS. The message names the ShellId the
     * client sent, or for Get comes nested from the shell provider (built by the server's fault mapper).
     */
    UNKNOWN_SHELL(Soap.SENDER, wsman("InvalidSelectors"), 2150858843L, "UnexpectedSelectors", Act.WSMAN,
            Text.INVALID_SELECTORS, null),
    /** Unknown or finished CommandId. Observed. */
    UNKNOWN_COMMAND(Soap.SENDER, wsman("InvalidSelectors"), 2150858843L, "UnexpectedSelectors", Act.WSMAN,
            Text.INVALID_SELECTORS,
            "The Windows Remote Shell received a request to perform an operation on a command identifier that does "
                    + "not exist. Either the command has completed execution or the client specified an invalid "
                    + "command identifier. "),
    /** A required selector (ShellId) is missing. ERROR_WSMAN_INSUFFCIENT_SELECTORS. */
    MISSING_SELECTORS(Soap.SENDER, wsman("InvalidSelectors"), 2150858842L, "InsufficientSelectors", Act.WSMAN,
            Text.INVALID_SELECTORS, null),
    /** Bad header value (e.g. OperationTimeout PT-1S). Observed. ERROR_WSMAN_INVALID_MESSAGE_INFORMATION_HEADER. */
    INVALID_HEADER(Soap.SENDER, addressing("InvalidMessageInformationHeader"), 2150858767L, null, Act.ADDRESSING,
            "The WS-Management service cannot process the request. The request contains one or more invalid SOAP "
                    + "headers. ",
            null),
    /** A required header (Action, To, MessageID, ReplyTo, ResourceURI) is missing. ERROR_WSMAN_MESSAGE_INFORMATION_HEADER_REQUIRED. */
    HEADER_REQUIRED(Soap.SENDER, addressing("MessageInformationHeaderRequired"), 2150858769L, null, Act.ADDRESSING,
            "The WS-Management service cannot process the request because a required SOAP header is missing. ",
            null),
    /** Unknown Action URI for the resource. ERROR_WSMAN_ACTION_NOT_SUPPORTED. */
    ACTION_NOT_SUPPORTED(Soap.SENDER, addressing("ActionNotSupported"), 2150858771L, "ActionMismatch",
            Act.ADDRESSING,
            "The WS-Management service cannot process the request because the action is not supported for the "
                    + "specified resource. ",
            null),
    /** Unknown resource URI. ERROR_WSMAN_DESTINATION_UNREACHABLE (DSP0226: detail InvalidResourceURI). */
    DESTINATION_UNREACHABLE(Soap.SENDER, addressing("DestinationUnreachable"), 2150858770L, "InvalidResourceURI",
            Act.ADDRESSING,
            "The WS-Management service cannot process the request. The resource URI is not supported or is not "
                    + "valid. ",
            null),
    /** Body or header not valid per schema, or malformed XML. ERROR_WSMAN_SCHEMA_VALIDATION_ERROR (pywinrm#377). */
    SCHEMA_VALIDATION(Soap.SENDER, wsman("SchemaValidationError"), 2150858817L, null, Act.WSMAN,
            "The SOAP XML in the message does not match the corresponding XML schema definition. Change the XML and "
                    + "retry. ",
            null),
    /** Invalid parameter (bad base64, unknown signal code, unknown stream). Observed (Win32 ERROR_INVALID_PARAMETER). */
    INVALID_PARAMETER(Soap.SENDER, wsman("InvalidParameter"), 87L, "InvalidValue", Act.WSMAN,
            "The parameter is incorrect. ", null),
    /** Program not found. Observed (HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)). */
    PROGRAM_NOT_FOUND(Soap.RECEIVER, wsman("InternalError"), 2147942402L, null, Act.WSMAN,
            "The system cannot find the file specified. ", null),
    /** MaxShellsPerUser exceeded. Observed. ERROR_WSMAN_QUOTA_MAX_SHELLS. */
    QUOTA_MAX_SHELLS(Soap.SENDER, wsman("QuotaLimit"), 2150859173L, null, Act.WSMAN,
            "The WS-Management service cannot process the request. The maximum number of concurrent shells for this "
                    + "user has been exceeded. Close existing shells or raise the quota for this user. ",
            null),
    /** MaxConcurrentUsers exceeded. ERROR_WSMAN_QUOTA_MAX_SHELLUSERS. */
    QUOTA_MAX_USERS(Soap.SENDER, wsman("QuotaLimit"), 2150859179L, null, Act.WSMAN,
            "The WS-Management service cannot process the request. The maximum number of concurrent users for this "
                    + "service has been exceeded. Retry after other users have closed their shells. ",
            null),
    /** MaxProcessesPerShell (commands per shell) exceeded. ERROR_WSMAN_QUOTA_MAX_COMMANDS_PER_SHELL_PPQ. */
    QUOTA_MAX_PROCESSES(Soap.SENDER, wsman("QuotaLimit"), 2150859241L, null, Act.WSMAN,
            "The WS-Management service cannot process the request. The maximum number of processes or commands for "
                    + "this shell has been exceeded. Close existing commands or raise the quota. ",
            null),
    /** MaxConcurrentOperationsPerUser exceeded. ERROR_WSMAN_QUOTA_MAX_OPERATIONS. */
    QUOTA_MAX_OPERATIONS(Soap.SENDER, wsman("QuotaLimit"), 2150859174L, null, Act.WSMAN,
            "The WS-Management service cannot process the request. The maximum number of concurrent operations for "
                    + "this user has been exceeded. Close existing operations for this user, or raise the quota for "
                    + "this user. ",
            null),
    /**
     * A Send refused at once because the command's input already holds as many waiting Sends (or bytes) as allowed
     * (OpenWinRM's bound on input waiting for a process that does not read it). ERROR_WSMAN_QUOTA_MIN_REQUIREMENT_NOT_
     * AVAILABLE_PPQ (0x803381EA), Windows' per-plugin quota answer when the resources an operation needs are not
     * available: a w:QuotaLimit like the other quotas, with Windows' text telling the client to retry later, and
     * none of the codes clients act on (not TimedOut, which means "nothing accepted, poll or send again", and not
     * MaxConcurrentOperations or UnexpectedSelectors, on which Ruby's client resets the shell). The message adds
     * the command, what waits and the bounds.
     */
    QUOTA_INPUT_BACKLOG(Soap.SENDER, wsman("QuotaLimit"), 2150859242L, null, Act.WSMAN,
            "The WS-Management service cannot process the request. There are not enough resources available to "
                    + "process this operation. Retry the operation later or close one or more of the currently "
                    + "running operations. ",
            null),
    /** Client MaxEnvelopeSize below 8192 ([MS-WSMV] 3.1.4.1.7). ERROR_WSMAN_MIN_ENVELOPE_SIZE. */
    MAX_ENVELOPE_SIZE_TOO_SMALL(Soap.SENDER, wsman("EncodingLimit"), 2150858878L, "MinimumEnvelopeLimit", Act.WSMAN,
            "The WS-Management service cannot process the request because the MaxEnvelopeSize is below the minimum "
                    + "of 8192 bytes. ",
            null),
    /** A response cannot fit into the client's MaxEnvelopeSize. ERROR_WSMAN_MAX_ENVELOPE_SIZE_EXCEEDED. */
    MAX_ENVELOPE_SIZE_EXCEEDED(Soap.SENDER, wsman("EncodingLimit"), 2150858824L, "MaxEnvelopeSize", Act.WSMAN,
            "The WS-Management service cannot process the request because the response would exceed the "
                    + "MaxEnvelopeSize of the request. ",
            null),
    /**
     * A command hit a limit of its endpoint (OS-enforced MaxProcessesPerShell or MaxMemoryPerShellMB, or the command
     * deadline) and was stopped. ERROR_WSMAN_QUOTA_LIMIT; the text names the limit.
     */
    LIMIT_EXCEEDED(Soap.SENDER, wsman("QuotaLimit"), 2150858815L, null, Act.WSMAN,
            "The WS-Management service cannot complete the operation: a quota of the endpoint was exceeded. ", null),
    /** Authorization failure. Win32 ERROR_ACCESS_DENIED. */
    ACCESS_DENIED(Soap.SENDER, wsman("AccessDenied"), 5L, null, Act.WSMAN, "Access is denied. ", null),
    /** WINRS_CODEPAGE value not supported. ERROR_WINRS_CODE_PAGE_NOT_SUPPORTED. */
    UNSUPPORTED_CODEPAGE(Soap.RECEIVER, wsman("InternalError"), 2150859072L, null, Act.WSMAN,
            "The WinRS service cannot process the request because the code page specified in WINRS_CODEPAGE is not "
                    + "supported. ",
            null),
    /** Unknown header with mustUnderstand=true; no WSManFault detail, plus an s:NotUnderstood header. Observed. */
    MUST_UNDERSTAND(Soap.MUST_UNDERSTAND, null, 2150858768L, null, Act.ADDRESSING,
            "The WS-Management service cannot process a SOAP header in the request that is marked as "
                    + "mustUnderstand. ",
            null),
    /** Unexpected server failure. Win32 ERROR_INTERNAL_ERROR. */
    INTERNAL_ERROR(Soap.RECEIVER, wsman("InternalError"), 1359L, null, Act.WSMAN,
            "An internal error occurred. ", null),
    /** Operation on a disconnected shell ([MS-WSMV] 3.1.4.1.31.7). ERROR_WINRS_SHELL_DISCONNECTED. */
    SHELL_DISCONNECTED(Soap.RECEIVER, wsman("InternalError"), 2150859204L, null, Act.WSMAN,
            "The WinRS shell is disconnected. Reconnect to the shell before sending this request. ", null),
    /**
     * Any operation but Disconnect, Reconnect, Connect, Delete, Get and Enumerate on a disconnected shell
     * ([MS-WSMV] 3.1.4.1.31.7: wsman:InternalError). ERROR_WSMAN_SERVICE_STREAM_DISCONNECTED, the code Microsoft's
     * own OMI server sends and PowerShell's client treats as "shell disconnected"; text as in OMI.
     */
    STREAM_DISCONNECTED(Soap.RECEIVER, wsman("InternalError"), 2150859230L, null, Act.WSMAN,
            "The WS-Management service cannot process the request because the stream is currently disconnected. ",
            null),
    /** Connect to a shell some client is connected to. ERROR_WINRS_SHELL_CONNECTED_TO_DIFFERENT_CLIENT. */
    SHELL_CONNECTED_TO_DIFFERENT_CLIENT(Soap.RECEIVER, wsman("InternalError"), 2150859213L, null, Act.WSMAN,
            "The WinRS shell is connected to a different client. Disconnect it first, then connect. ", null),
    /** Operation not valid in the shell's or command's current state. ERROR_WINRS_SHELL_DISCONNECT_OPERATION_NOT_VALID. */
    INVALID_STATE(Soap.RECEIVER, wsman("InternalError"), 2150859215L, null, Act.WSMAN,
            "The WinRS shell or command is not in a state that allows this operation. ", null),
    /** Option missing or invalid (e.g. non-boolean WINRS_NOPROFILE). ERROR_WSMAN_INVALID_OPTIONS. */
    INVALID_OPTIONS(Soap.SENDER, wsman("InvalidOptions"), 2150858809L, "InvalidValue", Act.WSMAN,
            "The WS-Management service cannot process the request because an option is invalid. ", null),
    /** Feature not supported. ERROR_WSMAN_UNSUPPORTED_FEATURE. */
    UNSUPPORTED_FEATURE(Soap.SENDER, wsman("UnsupportedFeature"), 2150858818L, null, Act.WSMAN,
            "The WS-Management service does not support the request. ", null),
    /** ReplyTo other than anonymous. ERROR_WSMAN_UNSUPPORTED_ADDRESSING_MODE. */
    UNSUPPORTED_ADDRESSING_MODE(Soap.SENDER, wsman("UnsupportedFeature"), 2150858870L, "AddressingMode", Act.WSMAN,
            "The WS-Management service does not support the specified addressing mode. Only the anonymous ReplyTo "
                    + "address is supported. ",
            null),
    /** Locale with mustUnderstand=true. ERROR_WSMAN_MUSTUNDERSTAND_ON_LOCALE_UNSUPPORTED. */
    UNSUPPORTED_LOCALE(Soap.SENDER, wsman("UnsupportedFeature"), 2150858887L, "Locale", Act.WSMAN,
            "The WS-Management service does not support mustUnderstand on the Locale header. ", null),
    /**
     * A request with chunked transfer coding, refused before its body is read ([MS-WSMV] 3.1.4.1.31.8:
     * wsman:InternalError with Win32 ERROR_NOT_SUPPORTED).
     */
    CHUNKED_NOT_SUPPORTED(Soap.RECEIVER, wsman("InternalError"), 50L, null, Act.WSMAN,
            "The request is not supported. ", null),
    /**
     * DataLocale with mustUnderstand=true ([MS-WSMV] 3.1.4.1.9: SHOULD fault wsman:UnsupportedFeature, detail
     * DataLocale). ERROR_WSMAN_MUSTUNDERSTAND_ON_LOCALE_UNSUPPORTED, as for Locale.
     */
    UNSUPPORTED_DATA_LOCALE(Soap.SENDER, wsman("UnsupportedFeature"), 2150858887L, "DataLocale", Act.WSMAN,
            "The WS-Management service does not support mustUnderstand on the DataLocale header. ", null),
    /**
     * An envelope that is not SOAP 1.2 (a SOAP 1.1 {@code http://schemas.xmlsoap.org/soap/envelope/} Envelope):
     * SOAP 1.2 part 1 5.4.7 and 2.8, s:VersionMismatch with an {@code s:Upgrade} header naming the SOAP 1.2
     * envelope. No WSManFault detail (a SOAP-level fault, like MustUnderstand); the code is
     * ERROR_WSMAN_SOAP_VERSION_MISMATCH.
     */
    VERSION_MISMATCH(Soap.VERSION_MISMATCH, null, 2150858765L, null, Act.ADDRESSING,
            "The WS-Management service cannot process the request because the SOAP version is not supported; send "
                    + "a SOAP 1.2 envelope. ",
            null),
    /**
     * A filter in an Enumerate of a resource that filters nothing (the shell resources: [MS-WSMV] 3.1.4.8.2 MUST).
     * ERROR_WSMAN_ENUMERATE_FILTERING_NOT_SUPPORTED.
     */
    FILTERING_NOT_SUPPORTED(Soap.SENDER, enumeration("FilteringNotSupported"), 2150858776L, null, Act.ENUMERATION,
            "The data source does not support filtering. Remove the filter from the request and try the request "
                    + "again. ",
            null),
    /** A filter dialect nothing here knows. ERROR_WSMAN_ENUMERATE_FILTER_DIALECT_REQUESTED_UNAVAILABLE. */
    FILTER_DIALECT_UNAVAILABLE(Soap.SENDER, enumeration("FilterDialectRequestedUnavailable"), 2150858777L, null,
            Act.ENUMERATION,
            "The filter dialect (the type associated with the filter) was not supported for this resource. Change "
                    + "the filter dialect or remove it from the request and try the request again. ",
            null),
    /**
     * Pull or Release of a context that is unknown, ended, released, expired or another user's (WS-Enumeration 3.2).
     * ERROR_WSMAN_ENUMERATE_INVALID_ENUMERATION_CONTEXT (a Receiver fault in wsmerror.h).
     */
    INVALID_ENUMERATION_CONTEXT(Soap.RECEIVER, enumeration("InvalidEnumerationContext"), 2150858779L, null,
            Act.ENUMERATION,
            "The WS-Enumeration context in the enumeration is not valid. Enumeration may have been completed or "
                    + "canceled. You cannot use this enumeration context anymore. Start a new enumeration. ",
            null),
    /** Pending receive aborted because the shell closed. Win32 ERROR_OPERATION_ABORTED. */
    /**
     * PowerShell Create or Connect without the {@code protocolversion} option ([MS-PSRP] 3.1.5.3.1; the Windows
     * PowerShell plug-in's 0x80540BC7, {@code WSManPlugin.cs}).
     */
    PSRP_PROTOCOL_VERSION_MISSING(Soap.RECEIVER, wsman("InternalError"), 2152991687L, null, Act.WSMAN,
            "The WS-Management service cannot process the request. The protocolversion option is missing: a "
                    + "PowerShell client sends the PSRP protocol version it speaks (2.x). ", null),
    /**
     * PowerShell Create or Connect whose {@code protocolversion} option is not 2.x ([MS-PSRP] 3.2.5.3.2: 0x80540BC5
     * with a {@code PSProtocolVersionError} message).
     */
    PSRP_PROTOCOL_VERSION_MISMATCH(Soap.RECEIVER, wsman("InternalError"), 2152991685L, null, Act.WSMAN,
            "The WS-Management service cannot process the request. The client's PSRP protocol version is not "
                    + "supported by this server. ", null),
    /**
     * PSRP data the runspace pool cannot take ([MS-PSRP] 3.2.5.1): malformed or out-of-sequence fragments, a message
     * for an unknown pipeline, a message in the wrong state. Win32 ERROR_INVALID_DATA.
     */
    PSRP_INVALID_DATA(Soap.SENDER, wsman("InvalidParameter"), 13L, "InvalidValue", Act.WSMAN,
            "The data is invalid. ", null),
    OPERATION_ABORTED(Soap.RECEIVER, wsman("InternalError"), 995L, null, Act.WSMAN,
            "The I/O operation has been aborted because of either a thread exit or an application request. ", null);

    private final QName soapCode;
    private final QName subcode;
    private final long wsmanCode;
    private final String faultDetail;
    private final String action;
    private final String reason;
    private final String defaultMessage;

    FaultKind(QName soapCode, QName subcode, long wsmanCode, String faultDetail, String action, String reason,
            String defaultMessage) {
        this.soapCode = soapCode;
        this.subcode = subcode;
        this.wsmanCode = wsmanCode;
        this.faultDetail = faultDetail == null ? null : io.openwinrm.protocol.wsman.ResourceUris.FAULT_DETAIL_PREFIX
                + faultDetail;
        this.action = action;
        this.reason = reason;
        this.defaultMessage = defaultMessage == null ? reason : defaultMessage;
    }

    /** {@code s:Code/s:Value}: {@code s:Sender}, {@code s:Receiver} or {@code s:MustUnderstand}. */
    public QName soapCode() {
        return soapCode;
    }

    /** {@code s:Subcode/s:Value}, or null (MustUnderstand has none). */
    public QName subcode() {
        return subcode;
    }

    /** The decimal {@code f:WSManFault/@Code}. */
    public long wsmanCode() {
        return wsmanCode;
    }

    /** Whether an {@code f:WSManFault} detail is written (false for the SOAP-level MustUnderstand, as Windows does,
     * and VersionMismatch). */
    public boolean hasWsmanFaultDetail() {
        return this != MUST_UNDERSTAND && this != VERSION_MISMATCH;
    }

    /** The code as written, empty when no WSManFault detail is sent. */
    public OptionalLong wireCode() {
        return hasWsmanFaultDetail() ? OptionalLong.of(wsmanCode) : OptionalLong.empty();
    }

    /** {@code w:FaultDetail} URI or null. */
    public String faultDetail() {
        return faultDetail;
    }

    /** {@code wsa:Action} of the fault message. */
    public String action() {
        return action;
    }

    /** {@code s:Reason/s:Text}. */
    public String reason() {
        return reason;
    }

    /** Default {@code f:Message} when the thrower gives no specific text. */
    public String defaultMessage() {
        return defaultMessage;
    }

    /** True for faults of the SOAP Sender (client's fault). */
    public boolean isSenderFault() {
        return soapCode.equals(Soap.SENDER) || soapCode.equals(Soap.MUST_UNDERSTAND)
                || soapCode.equals(Soap.VERSION_MISMATCH);
    }

    private static QName wsman(String local) {
        return new QName(Namespaces.WSMAN, local, Namespaces.PREFIX_WSMAN);
    }

    private static QName enumeration(String local) {
        return new QName(Namespaces.ENUMERATION, local, Namespaces.PREFIX_ENUMERATION);
    }

    private static QName addressing(String local) {
        return new QName(Namespaces.ADDRESSING, local, Namespaces.PREFIX_ADDRESSING);
    }

    /** SOAP 1.2 fault code values. */
    public static final class Soap {
        public static final QName SENDER = new QName(Namespaces.SOAP12, "Sender", Namespaces.PREFIX_SOAP);
        public static final QName RECEIVER = new QName(Namespaces.SOAP12, "Receiver", Namespaces.PREFIX_SOAP);
        public static final QName MUST_UNDERSTAND =
                new QName(Namespaces.SOAP12, "MustUnderstand", Namespaces.PREFIX_SOAP);
        public static final QName VERSION_MISMATCH =
                new QName(Namespaces.SOAP12, "VersionMismatch", Namespaces.PREFIX_SOAP);

        private Soap() {
        }
    }

    private static final class Act {
        static final String WSMAN = WsmanAction.WSMAN_FAULT;
        static final String ADDRESSING = WsmanAction.ADDRESSING_FAULT;
        static final String ENUMERATION = WsmanAction.ENUMERATION_FAULT;
    }

    private static final class Text {
        static final String INVALID_SELECTORS = "The WS-Management service cannot process the request because the "
                + "request contained invalid selectors for the resource. ";
    }
}
