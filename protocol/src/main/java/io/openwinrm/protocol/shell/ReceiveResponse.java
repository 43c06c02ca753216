package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@code rsp:ReceiveResponse} ([MS-WSMV] 3.1.4.14, 2.2.4.27).
 *
 * @param commandState null only at PSRP pool level; always present for cmd commands (winrm4j needs it)
 * @param sequenceId   the {@code SequenceId} attribute: the request's, echoed as in the [MS-WSMV] 4.7.3 and 4.8.4
 *                     examples; empty when the Receive carried none
 */
public record ReceiveResponse(List<StreamData> streams, CommandStateInfo commandState, OptionalLong sequenceId)
        implements Body {
    public ReceiveResponse {
        streams = List.copyOf(streams == null ? List.of() : streams);
        Objects.requireNonNull(sequenceId, "sequenceId");
    }

    /** A response without SequenceId. */
    public ReceiveResponse(List<StreamData> streams, CommandStateInfo commandState) {
        this(streams, commandState, OptionalLong.empty());
    }

    /** All bytes of the named stream in this response, concatenated. */
    public byte[] bytes(String streamName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StreamData s : streams) {
            if (s.name().equals(streamName)) {
                out.writeBytes(s.sharedData());
            }
        }
        return out.toByteArray();
    }

    public boolean isDone() {
        return commandState != null && commandState.isDone();
    }
}
