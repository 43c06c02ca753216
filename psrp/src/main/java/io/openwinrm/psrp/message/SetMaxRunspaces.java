package io.openwinrm.psrp.message;

/** SET_MAX_RUNSPACES ([MS-PSRP] 2.2.2.6): answered by RUNSPACE_AVAILABILITY with the same call id ({@code ci}). */
public record SetMaxRunspaces(int maxRunspaces, long callId) implements MessageBody {
    @Override
    public int typeCode() {
        return MessageType.SET_MAX_RUNSPACES.code();
    }
}
