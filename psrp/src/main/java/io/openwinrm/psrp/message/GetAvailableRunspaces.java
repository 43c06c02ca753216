package io.openwinrm.psrp.message;

/** GET_AVAILABLE_RUNSPACES ([MS-PSRP] 2.2.2.11): answered by RUNSPACE_AVAILABILITY with a count. */
public record GetAvailableRunspaces(long callId) implements MessageBody {
    @Override
    public int typeCode() {
        return MessageType.GET_AVAILABLE_RUNSPACES.code();
    }
}
