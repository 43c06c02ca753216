package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;

/** {@code <rsp:SendResponse/>} ([MS-WSMV] 3.1.4.13). */
public record SendResponse() implements Body {
}
