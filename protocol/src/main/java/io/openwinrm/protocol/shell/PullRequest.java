package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code n:Pull} ([MS-WSMV] 3.1.4.9; WS-Enumeration 3.2): the next items of an enumeration.
 *
 * @param enumerationContext the context of the EnumerateResponse or of the previous PullResponse
 * @param maxElements        {@code n:MaxElements}, if given (WS-Enumeration's default is 1)
 */
public record PullRequest(String enumerationContext, OptionalInt maxElements) implements Body {
    public PullRequest {
        Objects.requireNonNull(enumerationContext, "enumerationContext");
        enumerationContext = enumerationContext.strip();
        maxElements = maxElements == null ? OptionalInt.empty() : maxElements;
    }
}
