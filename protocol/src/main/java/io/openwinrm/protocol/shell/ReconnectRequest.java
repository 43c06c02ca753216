package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;

/** {@code rsp:Reconnect} (empty) ([MS-WSMV] 3.1.4.16). */
public record ReconnectRequest() implements Body {
}
