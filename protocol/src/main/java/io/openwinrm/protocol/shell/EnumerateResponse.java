package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.List;

/**
 * {@code n:EnumerateResponse} of a shell enumeration ([MS-WSMV] 3.1.4.8; WS-Enumeration 3.1; DSP0226 8.2.3).
 * Optimized and complete, the shape of the recorded Windows answer: an empty {@code n:EnumerationContext},
 * {@code w:Items} with one {@code rsp:Shell} per shell, and {@code w:EndOfSequence}. Optimized with more items to
 * come: a context, {@code w:Items} and no EndOfSequence. Not optimized: only the context; the items come by Pull.
 * {@code w:Items} is written when there are items or the sequence ends.
 *
 * @param enumerationContext the context for a Pull; null when empty (all items are here)
 * @param items              the shells
 * @param endOfSequence      {@code w:EndOfSequence} present
 * @param commands           the commands, when one shell's commands are enumerated (3.1.4.8.2)
 */
public record EnumerateResponse(String enumerationContext, List<ShellInfo> items, boolean endOfSequence,
        List<CommandInfo> commands) implements Body {
    public EnumerateResponse {
        enumerationContext = enumerationContext == null || enumerationContext.isBlank() ? null
                : enumerationContext.strip();
        items = List.copyOf(items == null ? List.of() : items);
        commands = List.copyOf(commands == null ? List.of() : commands);
    }

    /** An enumeration of shells. */
    public EnumerateResponse(String enumerationContext, List<ShellInfo> items, boolean endOfSequence) {
        this(enumerationContext, items, endOfSequence, List.of());
    }
}
