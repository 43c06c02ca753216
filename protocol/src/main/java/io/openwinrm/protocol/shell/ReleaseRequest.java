package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.Objects;

/**
 * {@code n:Release} (WS-Enumeration 3.4; [MS-WSMV] 3.1.4.10): ends an enumeration before its end. The response is
 * {@code ReleaseResponse} with an empty body.
 *
 * @param enumerationContext the context to release
 */
public record ReleaseRequest(String enumerationContext) implements Body {
    public ReleaseRequest {
        Objects.requireNonNull(enumerationContext, "enumerationContext");
        enumerationContext = enumerationContext.strip();
    }
}
