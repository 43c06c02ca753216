package io.openwinrm.psrp.message;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every message type of [MS-PSRP] 2.2.1, with the direction it travels and whether it belongs to a pipeline.
 * Codes are written little-endian in the header.
 */
public enum MessageType {
    SESSION_CAPABILITY(0x00010002, null, false),
    INIT_RUNSPACEPOOL(0x00010004, Destination.SERVER, false),
    PUBLIC_KEY(0x00010005, Destination.SERVER, false),
    ENCRYPTED_SESSION_KEY(0x00010006, Destination.CLIENT, false),
    PUBLIC_KEY_REQUEST(0x00010007, Destination.CLIENT, false),
    CONNECT_RUNSPACEPOOL(0x00010008, Destination.SERVER, false),
    RUNSPACEPOOL_INIT_DATA(0x0002100B, Destination.CLIENT, false),
    RESET_RUNSPACE_STATE(0x0002100C, Destination.SERVER, false),
    SET_MAX_RUNSPACES(0x00021002, Destination.SERVER, false),
    SET_MIN_RUNSPACES(0x00021003, Destination.SERVER, false),
    RUNSPACE_AVAILABILITY(0x00021004, Destination.CLIENT, false),
    RUNSPACEPOOL_STATE(0x00021005, Destination.CLIENT, false),
    /** Sent on the pool, but names the new pipeline in its PID. */
    CREATE_PIPELINE(0x00021006, Destination.SERVER, true),
    GET_AVAILABLE_RUNSPACES(0x00021007, Destination.SERVER, false),
    USER_EVENT(0x00021008, Destination.CLIENT, false),
    APPLICATION_PRIVATE_DATA(0x00021009, Destination.CLIENT, false),
    /** Like CREATE_PIPELINE, names the pipeline that answers it. */
    GET_COMMAND_METADATA(0x0002100A, Destination.SERVER, true),
    RUNSPACEPOOL_HOST_CALL(0x00021100, Destination.CLIENT, false),
    RUNSPACEPOOL_HOST_RESPONSE(0x00021101, Destination.SERVER, false),
    PIPELINE_INPUT(0x00041002, Destination.SERVER, true),
    END_OF_PIPELINE_INPUT(0x00041003, Destination.SERVER, true),
    PIPELINE_OUTPUT(0x00041004, Destination.CLIENT, true),
    ERROR_RECORD(0x00041005, Destination.CLIENT, true),
    PIPELINE_STATE(0x00041006, Destination.CLIENT, true),
    DEBUG_RECORD(0x00041007, Destination.CLIENT, true),
    VERBOSE_RECORD(0x00041008, Destination.CLIENT, true),
    WARNING_RECORD(0x00041009, Destination.CLIENT, true),
    PROGRESS_RECORD(0x00041010, Destination.CLIENT, true),
    INFORMATION_RECORD(0x00041011, Destination.CLIENT, true),
    PIPELINE_HOST_CALL(0x00041100, Destination.CLIENT, true),
    PIPELINE_HOST_RESPONSE(0x00041101, Destination.SERVER, true);

    private static final Map<Integer, MessageType> BY_CODE = new HashMap<>();

    static {
        for (MessageType t : values()) {
            BY_CODE.put(t.code, t);
        }
    }

    private final int code;
    private final Destination destination;
    private final boolean pipeline;

    MessageType(int code, Destination destination, boolean pipeline) {
        this.code = code;
        this.destination = destination;
        this.pipeline = pipeline;
    }

    /** The MessageType value of the header. */
    public int code() {
        return code;
    }

    /**
     * Where this type travels to; empty for SESSION_CAPABILITY, which both sides send.
     */
    public Optional<Destination> destination() {
        return Optional.ofNullable(destination);
    }

    /** True if the header's PID names a pipeline (it is the nil GUID for pool messages). */
    public boolean isPipelineMessage() {
        return pipeline;
    }

    public static Optional<MessageType> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The type name, or the code in hex for unknown types: for log and error messages. */
    public static String describe(int code) {
        return fromCode(code).map(Enum::name).orElse(String.format("unknown type 0x%08X", code));
    }
}
