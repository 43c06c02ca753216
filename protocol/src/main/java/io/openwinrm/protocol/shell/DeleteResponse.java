package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;

/** Delete response: an empty body ({@code <s:Body></s:Body>}) ([MS-WSMV] 3.1.4.6). */
public record DeleteResponse() implements Body {
}
