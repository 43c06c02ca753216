package io.openwinrm.client.powershell;

import io.openwinrm.psrp.clixml.PsInteger;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsSecureString;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.message.HostCall;
import io.openwinrm.psrp.message.HostMethod;
import io.openwinrm.psrp.message.HostResponse;
import io.openwinrm.psrp.stream.ErrorCategory;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers one host call with a {@link PsHost} ([MS-PSRP] 3.1.5.4.4): the method's result as {@code mr}, or its
 * failure as an ErrorRecord in {@code me}; nothing for void methods (call id -100, 2.2.2.15).
 */
final class HostCalls {
    /** Type names of the PSCredential a PromptForCredential answer carries (psrp.md 3.3). */
    private static final List<String> PS_CREDENTIAL = List.of("System.Management.Automation.PSCredential",
            "System.Object");
    private HostCalls() {
    }

    /**
     * The response to send on {@code pr}, or empty for a void method.
     *
     * @param protect turns text into a SecureString under the pool's session key
     */
    static Optional<HostResponse> answer(PsHost host, HostCall call, Function<char[], PsSecureString> protect) {
        Optional<HostMethod> method = call.method();
        boolean isVoid = call.callId() == HostCall.VOID_CALL_ID || method.map(HostMethod::isVoid).orElse(false);
        try {
            PsValue result = invoke(host, method.orElse(null), call.parameters(), call.methodId(), protect);
            return isVoid ? Optional.empty()
                    : Optional.of(new HostResponse(call.scope(), call.callId(), call.methodId(), call.methodName(),
                            result, null));
        } catch (RuntimeException e) {
            if (isVoid) {
                return Optional.empty();
            }
            String name = method.map(HostMethod::dotNetName).orElse("method " + call.methodId());
            String message = e.getMessage() == null ? name + " failed on the client's host" : e.getMessage();
            ErrorCategory category = e instanceof UnsupportedOperationException ? ErrorCategory.NOT_IMPLEMENTED
                    : ErrorCategory.NOT_SPECIFIED;
            ErrorRecord error = ErrorRecord.of(message, "RemoteHostExecutionException", category);
            return Optional.of(new HostResponse(call.scope(), call.callId(), call.methodId(), call.methodName(),
                    null, error.toPsObject()));
        }
    }

    private static PsValue invoke(PsHost host, HostMethod method, List<PsValue> args, int id,
            Function<char[], PsSecureString> protect) {
        if (method == null) {
            throw new UnsupportedOperationException("host method " + id + " is not one this client knows");
        }
        switch (method) {
            case READ_LINE -> {
                String line = host.readLine();
                return line == null ? PsValue.nil() : new PsString(line);
            }
            case READ_LINE_AS_SECURE_STRING -> {
                char[] line = host.readLineAsSecureString();
                try {
                    return protect.apply(line);
                } finally {
                    Arrays.fill(line, '\0');
                }
            }
            case PROMPT_FOR_CREDENTIAL_1, PROMPT_FOR_CREDENTIAL_2 -> {
                PsCredential c = host.promptForCredential(text(args, 0), text(args, 1), text(args, 2),
                        text(args, 3));
                try {
                    return PsObject.builder().typeNames(PS_CREDENTIAL).adapted("UserName", new PsString(c.userName()))
                            .adapted("Password", protect.apply(c.password())).build();
                } finally {
                    c.clear();
                }
            }
            case WRITE_1, WRITE_2 -> host.write(lastText(args), false);
            case WRITE_LINE_1 -> host.write("", true);
            case WRITE_LINE_2, WRITE_LINE_3 -> host.write(lastText(args), true);
            case WRITE_ERROR_LINE -> host.writeStreamLine("error", lastText(args));
            case WRITE_DEBUG_LINE -> host.writeStreamLine("debug", lastText(args));
            case WRITE_VERBOSE_LINE -> host.writeStreamLine("verbose", lastText(args));
            case WRITE_WARNING_LINE -> host.writeStreamLine("warning", lastText(args));
            case SET_SHOULD_EXIT -> host.setShouldExit(args.isEmpty() || !(args.get(0) instanceof PsInteger i)
                    ? 0 : (int) i.value());
            case POP_RUNSPACE -> host.popRunspace();
            default -> {
                if (!method.isVoid()) {
                    throw new UnsupportedOperationException(method.dotNetName()
                            + " is not implemented by this client's host");
                }
            }
        }
        return PsValue.nil();
    }

    private static String text(List<PsValue> args, int i) {
        return i < args.size() ? PsValues.toText(args.get(i)) : "";
    }

    /** The text argument of a Write call: the last parameter (colours come first in Write2/WriteLine3). */
    private static String lastText(List<PsValue> args) {
        if (args.isEmpty()) {
            return "";
        }
        return PsValues.toText(args.get(args.size() - 1));
    }
}
