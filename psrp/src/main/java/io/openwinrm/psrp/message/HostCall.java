package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * RUNSPACEPOOL_HOST_CALL or PIPELINE_HOST_CALL ([MS-PSRP] 2.2.2.15, 2.2.2.27): the server asks the client's host
 * to run a method (ReadLine, WriteLine2, PromptForCredential ...). Void methods use call id -100 and get no answer.
 *
 * @param callId     {@code ci}
 * @param methodId   {@code mi}: the RemoteHostMethodId value ([MS-PSRP] 2.2.3.17)
 * @param methodName the enum's ToString as sent, e.g. {@code ReadLine}; may be null
 * @param parameters {@code mp}: the method's arguments
 */
public record HostCall(HostScope scope, long callId, int methodId, String methodName, List<PsValue> parameters)
        implements MessageBody {
    /** The call id of methods that return nothing. */
    public static final long VOID_CALL_ID = -100;

    public HostCall {
        Objects.requireNonNull(scope, "scope");
        parameters = List.copyOf(parameters);
    }

    /**
     * A call of a known method; void methods get {@link #VOID_CALL_ID} whatever {@code callId} says, since the client
     * sends no response for them.
     */
    public static HostCall of(HostScope scope, long callId, HostMethod method, List<PsValue> parameters) {
        return new HostCall(scope, method.isVoid() ? VOID_CALL_ID : callId, method.id(), method.dotNetName(),
                parameters);
    }

    /** The method, if its id is one of [MS-PSRP] 2.2.3.17. */
    public Optional<HostMethod> method() {
        return HostMethod.fromId(methodId);
    }

    @Override
    public int typeCode() {
        return scope.callType().code();
    }
}
