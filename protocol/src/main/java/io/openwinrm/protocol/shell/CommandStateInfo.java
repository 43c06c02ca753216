package io.openwinrm.protocol.shell;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code rsp:CommandState CommandId State} with {@code rsp:ExitCode} when Done ([MS-WSMV] 2.2.4.9).
 * Exit codes are 32-bit; values above 2^31-1 on the wire wrap to negative ints.
 */
public record CommandStateInfo(String commandId, CommandState state, OptionalInt exitCode) {
    public CommandStateInfo {
        Objects.requireNonNull(state, "state");
        exitCode = exitCode == null ? OptionalInt.empty() : exitCode;
    }

    public static CommandStateInfo running(String commandId) {
        return new CommandStateInfo(commandId, CommandState.RUNNING, OptionalInt.empty());
    }

    public static CommandStateInfo done(String commandId, int exitCode) {
        return new CommandStateInfo(commandId, CommandState.DONE, OptionalInt.of(exitCode));
    }

    public boolean isDone() {
        return state == CommandState.DONE;
    }
}
