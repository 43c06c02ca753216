package io.openwinrm.psrp.message;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.ClixmlReader;
import io.openwinrm.psrp.clixml.ClixmlWriter;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsValue;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Between {@link PsrpMessage} Data and typed {@link MessageBody} records ([MS-PSRP] 2.2.2), both directions.
 * Decoding is lenient where peers differ (member-name case, I32 for I64, optional members) and strict where the
 * message would be meaningless (a missing required member is {@link PsrpError#INVALID_MESSAGE}). Unknown types
 * decode to {@link UnknownMessage}. Thread-safe.
 */
public final class MessageBodyCodec {
    /** Types whose Data may be empty (or {@code <S />}) without carrying an object. */
    private static final Set<MessageType> MAY_BE_EMPTY = EnumSet.of(MessageType.END_OF_PIPELINE_INPUT,
            MessageType.PIPELINE_OUTPUT, MessageType.PIPELINE_INPUT, MessageType.PUBLIC_KEY_REQUEST,
            MessageType.CONNECT_RUNSPACEPOOL);

    /** Types whose shapes live in {@link PipelineBodies}; the rest are in {@link PoolBodies}. */
    private static final Set<MessageType> PIPELINE_SHAPES = EnumSet.of(MessageType.CREATE_PIPELINE,
            MessageType.PIPELINE_INPUT, MessageType.PIPELINE_OUTPUT, MessageType.ERROR_RECORD,
            MessageType.PIPELINE_STATE, MessageType.DEBUG_RECORD, MessageType.VERBOSE_RECORD,
            MessageType.WARNING_RECORD, MessageType.PROGRESS_RECORD, MessageType.INFORMATION_RECORD,
            MessageType.RUNSPACEPOOL_HOST_CALL, MessageType.RUNSPACEPOOL_HOST_RESPONSE, MessageType.PIPELINE_HOST_CALL,
            MessageType.PIPELINE_HOST_RESPONSE);

    private final ClixmlReader reader;
    private final ClixmlWriter writer = new ClixmlWriter();

    public MessageBodyCodec() {
        this(new ClixmlReader());
    }

    public MessageBodyCodec(ClixmlReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * The typed body of a message.
     *
     * @throws PsrpException {@link PsrpError#MALFORMED_CLIXML} or {@link PsrpError#LIMIT_EXCEEDED} for bad
     *                       CLIXML, {@link PsrpError#INVALID_MESSAGE} for a missing or mistyped member; the message
     *                       names the message type
     */
    public MessageBody decode(PsrpMessage message) {
        Optional<MessageType> known = message.type();
        if (known.isEmpty()) {
            return new UnknownMessage(message.typeCode(), message.dataUnsafe());
        }
        MessageType type = known.get();
        if (type == MessageType.END_OF_PIPELINE_INPUT) {
            return new EndOfPipelineInput();
        }
        try {
            PsValue data = read(type, message.dataUnsafe());
            return PIPELINE_SHAPES.contains(type) ? PipelineBodies.decode(type, data) : PoolBodies.decode(type, data);
        } catch (PsrpException e) {
            if (e.getMessage().startsWith(type.name())) {
                throw e;
            }
            throw new PsrpException(e.error(), type + ": " + e.getMessage(), e);
        }
    }

    private PsValue read(MessageType type, byte[] data) {
        int start = hasBom(data) ? 3 : 0;
        if (data.length == start) {
            if (MAY_BE_EMPTY.contains(type)) {
                return PsNull.INSTANCE;
            }
            throw new PsrpException(PsrpError.INVALID_MESSAGE, "the message has no data");
        }
        return reader.read(data);
    }

    /** The Data of a body: UTF-8 CLIXML without BOM; empty for END_OF_PIPELINE_INPUT. */
    public byte[] encodeData(MessageBody body) {
        Objects.requireNonNull(body, "body");
        if (body instanceof UnknownMessage u) {
            return u.data();
        }
        if (body instanceof EndOfPipelineInput) {
            return new byte[0];
        }
        MessageType type = body.type().orElseThrow();
        return writer.writeUtf8(PIPELINE_SHAPES.contains(type) ? PipelineBodies.encode(body) : PoolBodies.encode(body));
    }

    /**
     * A complete message for a body, with the destination its type implies.
     *
     * @throws IllegalArgumentException for SESSION_CAPABILITY and unknown types, which need
     *                                  {@link #toMessage(MessageBody, Destination, UUID, UUID)}
     */
    public PsrpMessage toMessage(MessageBody body, UUID runspacePoolId, UUID pipelineId) {
        Destination d = body.type().flatMap(MessageType::destination).orElseThrow(() ->
                new IllegalArgumentException(MessageType.describe(body.typeCode()) + " needs an explicit destination"));
        return toMessage(body, d, runspacePoolId, pipelineId);
    }

    public PsrpMessage toMessage(MessageBody body, Destination destination, UUID runspacePoolId, UUID pipelineId) {
        return new PsrpMessage(destination, body.typeCode(), runspacePoolId, pipelineId, encodeData(body));
    }

    private static boolean hasBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }
}
