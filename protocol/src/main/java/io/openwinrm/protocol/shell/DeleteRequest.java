package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;

/** Delete request: an empty body ([MS-WSMV] 3.1.4.6). */
public record DeleteRequest() implements Body {
}
