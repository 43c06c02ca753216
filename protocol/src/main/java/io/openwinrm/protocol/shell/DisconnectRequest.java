package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.time.Duration;
import java.util.Optional;

/** {@code rsp:Disconnect} with optional {@code rsp:IdleTimeOut} ([MS-WSMV] 3.1.4.15). */
public record DisconnectRequest(Optional<Duration> idleTimeout) implements Body {
    public DisconnectRequest {
        idleTimeout = idleTimeout == null ? Optional.empty() : idleTimeout;
    }
}
