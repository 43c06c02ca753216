package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Receive request body {@code rsp:Receive/rsp:DesiredStream} ([MS-WSMV] 3.1.4.14, 2.2.4.26).
 *
 * @param commandId     the {@code CommandId} attribute (qualified or not), null for shell-level receive (PSRP)
 * @param sequenceId    the {@code rsp:Receive/@SequenceId} attribute (an unsigned 64-bit value, compared with
 *                      {@link Long#compareUnsigned}) that clients with robust connections number their Receives with
 *                      ([MS-WSMV] 4.7.3, 4.8.4 examples: {@code SequenceId="0"}); empty when absent (pywinrm, Go)
 */
public record ReceiveRequest(String commandId, List<String> desiredStreams, OptionalLong sequenceId)
        implements Body {
    public ReceiveRequest {
        desiredStreams = List.copyOf(desiredStreams == null ? List.of() : desiredStreams);
        Objects.requireNonNull(sequenceId, "sequenceId");
    }

    /** A Receive without SequenceId. */
    public ReceiveRequest(String commandId, List<String> desiredStreams) {
        this(commandId, desiredStreams, OptionalLong.empty());
    }
}
