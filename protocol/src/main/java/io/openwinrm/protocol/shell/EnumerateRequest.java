package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code n:Enumerate} of the shell resource ([MS-WSMV] 3.1.4.8, 3.1.4.8.2; WS-Enumeration 3.1; DSP0226 8.2):
 * {@code <w:OptimizeEnumeration/>}, {@code <w:MaxElements>} and the filter, if any (a shell enumeration supports
 * none, but must say so).
 *
 * @param optimize    {@code w:OptimizeEnumeration} present: items may come in the EnumerateResponse itself
 * @param maxElements {@code w:MaxElements}, if given (only meaningful with {@code optimize})
 * @param filter      {@code n:Filter} or {@code w:Filter}, if present
 */
public record EnumerateRequest(boolean optimize, OptionalInt maxElements, Optional<EnumerationFilter> filter)
        implements Body {
    public EnumerateRequest {
        maxElements = maxElements == null ? OptionalInt.empty() : maxElements;
        filter = filter == null ? Optional.empty() : filter;
    }

    /** Without a filter. */
    public EnumerateRequest(boolean optimize, OptionalInt maxElements) {
        this(optimize, maxElements, Optional.empty());
    }
}
