package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;

/** Disconnect response: empty body ([MS-WSMV] 3.1.4.15). */
public record DisconnectResponse() implements Body {
}
