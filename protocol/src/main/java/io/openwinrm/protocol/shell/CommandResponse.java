package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.Objects;

/** {@code rsp:CommandResponse/rsp:CommandId} ([MS-WSMV] 2.2.4.8). */
public record CommandResponse(String commandId) implements Body {
    public CommandResponse {
        Objects.requireNonNull(commandId, "commandId");
    }
}
