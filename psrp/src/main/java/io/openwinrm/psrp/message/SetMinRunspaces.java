package io.openwinrm.psrp.message;

/** SET_MIN_RUNSPACES ([MS-PSRP] 2.2.2.7): answered by RUNSPACE_AVAILABILITY with the same call id ({@code ci}). */
public record SetMinRunspaces(int minRunspaces, long callId) implements MessageBody {
    @Override
    public int typeCode() {
        return MessageType.SET_MIN_RUNSPACES.code();
    }
}
