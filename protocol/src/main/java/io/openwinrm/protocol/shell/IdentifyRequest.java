package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;

/** {@code wsmid:Identify} ([MS-WSMV] 3.1.4.1.23; DSP0226 11). */
public record IdentifyRequest() implements Body {
}
