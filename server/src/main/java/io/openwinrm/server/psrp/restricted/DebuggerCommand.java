package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.stream.ErrorCategory;
import java.util.Optional;

/**
 * The private virtual commands a PowerShell client sends to drive the remote debugger ({@code __Set-PSDebugMode}
 * when Enter-PSSession sets up, {@code __Get-PSBreakpoint} ...; PowerShell's server answers them itself, before any
 * language-mode or visibility check). This runspace has no debugger: the queries and mode changes succeed with no
 * output, as against a server where nothing is being debugged; setting or changing a breakpoint is an error.
 * Nothing here runs anything.
 */
enum DebuggerCommand {
    GET_DEBUGGER_STOP_ARGS("__Get-PSDebuggerStopArgs", true),
    SET_DEBUGGER_ACTION("__Set-PSDebuggerAction", true),
    SET_DEBUGGER_STEP_MODE("__Set-PSDebuggerStepMode", true),
    SET_DEBUG_MODE("__Set-PSDebugMode", true),
    SET_UNHANDLED_BREAKPOINT_MODE("__Set-PSUnhandledBreakpointMode", true),
    GET_BREAKPOINT("__Get-PSBreakpoint", true),
    SET_BREAKPOINT("__Set-PSBreakpoint", false),
    ENABLE_BREAKPOINT("__Enable-PSBreakpoint", false),
    DISABLE_BREAKPOINT("__Disable-PSBreakpoint", false),
    REMOVE_BREAKPOINT("__Remove-PSBreakpoint", false);

    private final String commandName;
    private final boolean harmless;

    DebuggerCommand(String commandName, boolean harmless) {
        this.commandName = commandName;
        this.harmless = harmless;
    }

    static Optional<DebuggerCommand> named(String name) {
        for (DebuggerCommand c : values()) {
            if (c.commandName.equalsIgnoreCase(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    String commandName() {
        return commandName;
    }

    /** Its answer: nothing, or for breakpoint changes an error record. */
    Stage stage(PipelineHost host) {
        if (harmless) {
            return new Stage() {
            };
        }
        return new Stage() {
            @Override
            public void end(Sink next) throws InterruptedException {
                host.error(ErrorRecords.cmdlet(commandName, "RemoteDebuggingNotSupported",
                        ErrorCategory.NOT_IMPLEMENTED, "This restricted runspace has no debugger: breakpoints cannot "
                                + "be set.", PsNull.INSTANCE));
            }
        };
    }
}
