package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.List;
import java.util.Objects;

/**
 * Command request body {@code rsp:CommandLine} ([MS-WSMV] 3.1.4.11, 2.2.4.7).
 *
 * @param commandId client-chosen {@code CommandId} attribute (PSRP), or null
 * @param command   {@code rsp:Command} text (CDATA unwrapped)
 * @param arguments one entry per {@code rsp:Arguments} element (pywinrm sends one space-joined element)
 */
public record CommandRequest(String commandId, String command, List<String> arguments) implements Body {
    public CommandRequest {
        Objects.requireNonNull(command, "command");
        arguments = List.copyOf(arguments == null ? List.of() : arguments);
    }
}
