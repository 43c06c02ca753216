package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.OptionalInt;

/**
 * {@code n:Enumerate} of the shell resource, as {@code Get-PSSession -ComputerName} sends it ([MS-WSMV] 3.1.4.8;
 * DSP0226 8.2 optimized enumeration): {@code <w:OptimizeEnumeration/>} and {@code <w:MaxElements>}. Filters and
 * other children are not modelled.
 *
 * @param optimize    {@code w:OptimizeEnumeration} present: items may come in the EnumerateResponse itself
 * @param maxElements {@code w:MaxElements}, if given
 */
public record EnumerateRequest(boolean optimize, OptionalInt maxElements) implements Body {
    public EnumerateRequest {
        maxElements = maxElements == null ? OptionalInt.empty() : maxElements;
    }
}
