package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;

/** Reconnect response: empty body ([MS-WSMV] 3.1.4.16). */
public record ReconnectResponse() implements Body {
}
