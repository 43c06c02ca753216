package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.stream.ErrorCategory;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.List;

/**
 * The error records the restricted engine writes ([MS-PSRP] 2.2.3.15), shaped as PowerShell writes the same
 * errors: exception type names, FullyQualifiedErrorId and category as PowerShell uses them where an equivalent
 * exists, so that clients that branch on them ({@code $_.FullyQualifiedErrorId}) behave as against JEA.
 */
final class ErrorRecords {

    private static final List<String> RUNTIME = List.of("System.Management.Automation.RuntimeException",
            "System.SystemException", "System.Exception");
    /** The sentence PowerShell gives for any script in a NoLanguage runspace (pypsrp#103). */
    static final String NO_LANGUAGE = "The syntax is not supported by this runspace. This can occur if the runspace"
            + " is in no-language mode.";

    private ErrorRecords() {
    }

    /**
     * Script text that breaks a NoLanguage rule: a ParseException as PowerShell raises for scripts in a NoLanguage
     * runspace, its FullyQualifiedErrorId naming the rule.
     */
    static ErrorRecord languageRule(NoLanguageRule rule, String detail) {
        return new ErrorRecord(NO_LANGUAGE + " " + rule.description() + ": " + detail, List.of(
                "System.Management.Automation.ParseException", "System.Management.Automation.RuntimeException",
                "System.SystemException", "System.Exception"), rule.errorId(), ErrorCategory.PARSER_ERROR, null,
                "ParseException", null, null, PsNull.INSTANCE);
    }

    /** A command that is not visible in this runspace: PowerShell's CommandNotFoundException. */
    static ErrorRecord commandNotFound(String name, String why) {
        String message = "The term '" + name + "' is not recognized as the name of a cmdlet, function, script file,"
                + " or operable program. " + why;
        return new ErrorRecord(message, List.of("System.Management.Automation.CommandNotFoundException",
                "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
                "CommandNotFoundException", ErrorCategory.OBJECT_NOT_FOUND, name, "CommandNotFoundException", name,
                "String", new PsString(name));
    }

    /** Arguments of an allowed program that its roles' argument schema refuses (JEA's ValidateSet/Pattern). */
    static ErrorRecord argumentRefused(String command, String rule, String reason) {
        String message = "Cannot validate the arguments of '" + command + "': " + reason + " (" + rule + ").";
        return new ErrorRecord(message, List.of("System.Management.Automation.ParameterBindingValidationException",
                "System.Management.Automation.ParameterBindingException",
                "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
                "ParameterArgumentValidationError," + command, ErrorCategory.INVALID_DATA, command,
                "ParameterBindingValidationException", null, null, PsNull.INSTANCE);
    }

    /** A parameter name a cmdlet does not have, or an argument that does not bind. */
    static ErrorRecord parameterBinding(String command, String errorId, String message) {
        return new ErrorRecord(message, List.of("System.Management.Automation.ParameterBindingException",
                "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
                errorId + "," + command, ErrorCategory.INVALID_ARGUMENT, command, "ParameterBindingException", null,
                null, PsNull.INSTANCE);
    }

    /** One line a native command wrote to stderr ({@code NativeCommandError} for the first, as PowerShell does). */
    static ErrorRecord nativeStderr(String program, String line, boolean first) {
        return new ErrorRecord(line, List.of("System.Management.Automation.RemoteException", "System.Exception"),
                first ? "NativeCommandError" : "NativeCommandErrorMessage", ErrorCategory.NOT_SPECIFIED, program,
                "RemoteException", line, "String", new PsString(line));
    }

    /**
     * A native command that exited non-zero: PowerShell 7.3+'s NativeCommandExitException (what it writes with
     * {@code $PSNativeCommandUseErrorActionPreference}), so that a remote caller sees the failure without access to
     * {@code $LASTEXITCODE}.
     */
    static ErrorRecord nativeExit(String program, int exitCode) {
        String message = "Program \"" + program + "\" ended with non-zero exit code: " + exitCode + ".";
        return new ErrorRecord(message, List.of("System.Management.Automation.NativeCommandExitException",
                "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
                "ProgramExitedWithNonZeroCode", ErrorCategory.NOT_SPECIFIED, program, "NativeCommandExitException",
                program, "String", new PsString(program));
    }

    /** A native program that could not be started. */
    static ErrorRecord nativeFailed(String program, String why) {
        return new ErrorRecord("Program '" + program + "' failed to run: " + why, List.of(
                "System.Management.Automation.ApplicationFailedException",
                "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
                "NativeCommandFailed", ErrorCategory.RESOURCE_UNAVAILABLE, program, "ApplicationFailedException",
                program, "String", new PsString(program));
    }

    /** The reason of PIPELINE_STATE Stopped ([MS-PSRP] 3.2.5.3.9; FQID {@code PipelineStopped}). */
    static ErrorRecord pipelineStopped() {
        return new ErrorRecord("The pipeline has been stopped.", List.of(
                "System.Management.Automation.PipelineStoppedException",
                "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
                "PipelineStopped", ErrorCategory.OPERATION_STOPPED, null, "PipelineStoppedException", null, null,
                PsNull.INSTANCE);
    }

    /** A pipeline that failed for a reason of its own (FQID RemotePSInvocationStateInfoReason, [MS-PSRP] 3.2.5.4). */
    static ErrorRecord failed(String message) {
        return new ErrorRecord(message, RUNTIME, "RemotePSInvocationStateInfoReason", ErrorCategory.NOT_SPECIFIED, null,
                "RuntimeException", null, null, PsNull.INSTANCE);
    }

    /** A cmdlet that ran but could not do what was asked. */
    static ErrorRecord cmdlet(String command, String errorId, ErrorCategory category, String message,
            PsValue target) {
        return new ErrorRecord(message, RUNTIME, errorId + "," + command, category, command, "RuntimeException", null,
                null, target);
    }
}
