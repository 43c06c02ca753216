package io.openwinrm.psrp.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One PSRP message as it travels inside fragments ([MS-PSRP] 2.2.1): the header fields and the raw Data (UTF-8
 * CLIXML, possibly with a BOM, possibly empty). The type is kept as its code so that unknown types survive;
 * {@link MessageBodyCodec} turns known ones into typed records.
 *
 * @param destination    who the message is for
 * @param typeCode       the MessageType field
 * @param runspacePoolId RPID
 * @param pipelineId     PID; {@link DotNetGuid#NIL} for pool messages
 * @param data           the Data field (defensively copied)
 */
public record PsrpMessage(Destination destination, int typeCode, UUID runspacePoolId, UUID pipelineId,
        byte[] data) {
    /** Bytes of the header before Data: Destination 4, MessageType 4, RPID 16, PID 16. */
    public static final int HEADER_LENGTH = 40;

    public PsrpMessage {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(runspacePoolId, "runspacePoolId");
        Objects.requireNonNull(pipelineId, "pipelineId");
        data = data == null ? new byte[0] : data.clone();
    }

    public PsrpMessage(Destination destination, MessageType type, UUID runspacePoolId, UUID pipelineId,
            byte[] data) {
        this(destination, type.code(), runspacePoolId, pipelineId, data);
    }

    /** The known type, or empty for a type this implementation does not know. */
    public Optional<MessageType> type() {
        return MessageType.fromCode(typeCode);
    }

    /** A copy of Data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    byte[] dataUnsafe() {
        return data;
    }

    /** True if the PID is the nil GUID (a pool message). */
    public boolean isPoolMessage() {
        return pipelineId.equals(DotNetGuid.NIL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PsrpMessage m && destination == m.destination && typeCode == m.typeCode
                && runspacePoolId.equals(m.runspacePoolId) && pipelineId.equals(m.pipelineId)
                && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, typeCode, runspacePoolId, pipelineId) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        String preview = new String(data, 0, Math.min(64, data.length), StandardCharsets.UTF_8);
        return "PsrpMessage[" + destination + ", " + MessageType.describe(typeCode) + ", rpid=" + runspacePoolId
                + ", pid=" + pipelineId + ", data=" + data.length + " bytes \"" + preview
                + (data.length > 64 ? "..." : "") + "\"]";
    }
}
