package io.openwinrm.psrp.stream;

/** .NET's {@code System.Management.Automation.ErrorCategory}, by wire value ([MS-PSRP] 2.2.3.15). */
public enum ErrorCategory {
    NOT_SPECIFIED("NotSpecified"), OPEN_ERROR("OpenError"), CLOSE_ERROR("CloseError"), DEVICE_ERROR("DeviceError"),
    DEADLOCK_DETECTED("DeadlockDetected"), INVALID_ARGUMENT("InvalidArgument"), INVALID_DATA("InvalidData"),
    INVALID_OPERATION("InvalidOperation"), INVALID_RESULT("InvalidResult"), INVALID_TYPE("InvalidType"),
    METADATA_ERROR("MetadataError"), NOT_IMPLEMENTED("NotImplemented"), NOT_INSTALLED("NotInstalled"),
    OBJECT_NOT_FOUND("ObjectNotFound"), OPERATION_STOPPED("OperationStopped"),
    OPERATION_TIMEOUT("OperationTimeout"), SYNTAX_ERROR("SyntaxError"), PARSER_ERROR("ParserError"),
    PERMISSION_DENIED("PermissionDenied"), RESOURCE_BUSY("ResourceBusy"), RESOURCE_EXISTS("ResourceExists"),
    RESOURCE_UNAVAILABLE("ResourceUnavailable"), READ_ERROR("ReadError"), WRITE_ERROR("WriteError"),
    FROM_STD_ERR("FromStdErr"), SECURITY_ERROR("SecurityError"), PROTOCOL_ERROR("ProtocolError"),
    CONNECTION_ERROR("ConnectionError"), AUTHENTICATION_ERROR("AuthenticationError"),
    LIMITS_EXCEEDED("LimitsExceeded"), QUOTA_EXCEEDED("QuotaExceeded"), NOT_ENABLED("NotEnabled");

    private final String dotNetName;

    ErrorCategory(String dotNetName) {
        this.dotNetName = dotNetName;
    }

    /** The name PowerShell shows, e.g. {@code ObjectNotFound}. */
    public String dotNetName() {
        return dotNetName;
    }

    /** The wire value: the ordinal. */
    public int wire() {
        return ordinal();
    }

    /** The category of a wire value; unknown values are {@link #NOT_SPECIFIED}. */
    public static ErrorCategory fromWire(long value) {
        return value >= 0 && value < values().length ? values()[(int) value] : NOT_SPECIFIED;
    }
}
