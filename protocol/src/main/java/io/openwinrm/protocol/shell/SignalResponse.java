package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;

/** {@code <rsp:SignalResponse/>} ([MS-WSMV] 3.1.4.12). */
public record SignalResponse() implements Body {
}
