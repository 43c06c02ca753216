package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import java.util.Objects;

/**
 * RUNSPACE_AVAILABILITY ([MS-PSRP] 2.2.2.8): the answer to SET_MAX/SET_MIN_RUNSPACES (a {@code <B>}),
 * GET_AVAILABLE_RUNSPACES (a count; the spec says I64, Windows sent I32) or RESET_RUNSPACE_STATE (a {@code <B>}),
 * echoing the request's call id.
 *
 * @param response the {@code SetMinMaxRunspacesResponse} member
 */
public record RunspaceAvailability(long callId, PsValue response) implements MessageBody {
    public RunspaceAvailability {
        Objects.requireNonNull(response, "response");
    }

    @Override
    public int typeCode() {
        return MessageType.RUNSPACE_AVAILABILITY.code();
    }
}
