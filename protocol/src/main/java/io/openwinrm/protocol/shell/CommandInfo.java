package io.openwinrm.protocol.shell;

import java.util.Objects;

/**
 * One command of a shell as an item of an Enumerate of that shell's commands ([MS-WSMV] 3.1.4.8.2): written as
 * {@code rsp:Command} with {@code rsp:CommandId} and {@code rsp:CommandState} (the state URI), the two children
 * pypsrp reads from a Windows answer. The item's element name is not in any recording here.
 */
public record CommandInfo(String commandId, CommandState state) {
    public CommandInfo {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(state, "state");
    }
}
