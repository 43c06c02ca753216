package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.List;

/**
 * {@code n:PullResponse} of a shell enumeration ([MS-WSMV] 3.1.4.9; WS-Enumeration 3.2): the context for the next
 * Pull (absent once the sequence ends), {@code n:Items} and {@code n:EndOfSequence}.
 *
 * @param enumerationContext the context for the next Pull; null with {@code endOfSequence}
 * @param items              the shells of this batch
 * @param endOfSequence      no item follows; the context is released
 * @param commands           the commands, when one shell's commands are enumerated
 */
public record PullResponse(String enumerationContext, List<ShellInfo> items, boolean endOfSequence,
        List<CommandInfo> commands) implements Body {
    public PullResponse {
        enumerationContext = enumerationContext == null || enumerationContext.isBlank() ? null
                : enumerationContext.strip();
        items = List.copyOf(items == null ? List.of() : items);
        commands = List.copyOf(commands == null ? List.of() : commands);
    }

    /** A batch of shells. */
    public PullResponse(String enumerationContext, List<ShellInfo> items, boolean endOfSequence) {
        this(enumerationContext, items, endOfSequence, List.of());
    }
}
