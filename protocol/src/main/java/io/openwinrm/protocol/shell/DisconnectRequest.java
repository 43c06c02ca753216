package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code rsp:Disconnect} ([MS-WSMV] 3.1.4.15, DisconnectType 2.2.4.15): both children optional; they override the
 * shell's IdleTimeOut and BufferMode for the time it is disconnected.
 */
public record DisconnectRequest(Optional<Duration> idleTimeout, Optional<BufferMode> bufferMode) implements Body {
    public DisconnectRequest {
        idleTimeout = idleTimeout == null ? Optional.empty() : idleTimeout;
        bufferMode = bufferMode == null ? Optional.empty() : bufferMode;
    }

    /** A Disconnect without BufferMode (the shape PowerShell sends). */
    public DisconnectRequest(Optional<Duration> idleTimeout) {
        this(idleTimeout, Optional.empty());
    }
}
