package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.List;

/** Send request body {@code rsp:Send} ([MS-WSMV] 3.1.4.13, 2.2.4.32). */
public record SendRequest(List<StreamData> streams) implements Body {
    public SendRequest {
        streams = List.copyOf(streams == null ? List.of() : streams);
    }
}
