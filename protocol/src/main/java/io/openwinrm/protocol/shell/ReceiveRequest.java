package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.List;

/**
 * Receive request body {@code rsp:Receive/rsp:DesiredStream} ([MS-WSMV] 3.1.4.14, 2.2.4.26).
 *
 * @param commandId the {@code CommandId} attribute (qualified or not), null for shell-level receive (PSRP)
 */
public record ReceiveRequest(String commandId, List<String> desiredStreams) implements Body {
    public ReceiveRequest {
        desiredStreams = List.copyOf(desiredStreams == null ? List.of() : desiredStreams);
    }
}
