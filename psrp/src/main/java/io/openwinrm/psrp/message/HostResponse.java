package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import java.util.Objects;

/**
 * RUNSPACEPOOL_HOST_RESPONSE or PIPELINE_HOST_RESPONSE ([MS-PSRP] 2.2.2.16, 2.2.2.28), sent on the {@code pr}
 * stream: the host's answer to the call with the same {@code ci}.
 *
 * @param methodName the enum's ToString as sent; may be null
 * @param result     {@code mr}, or null when absent
 * @param error      {@code me} (an ErrorRecord), or null when absent
 */
public record HostResponse(HostScope scope, long callId, int methodId, String methodName, PsValue result,
        PsValue error) implements MessageBody {
    public HostResponse {
        Objects.requireNonNull(scope, "scope");
    }

    @Override
    public int typeCode() {
        return scope.responseType().code();
    }
}
