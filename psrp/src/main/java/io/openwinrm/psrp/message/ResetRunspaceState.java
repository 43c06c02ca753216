package io.openwinrm.psrp.message;

/** RESET_RUNSPACE_STATE ([MS-PSRP] 2.2.2.31, protocol 2.3+): answered by RUNSPACE_AVAILABILITY with a boolean. */
public record ResetRunspaceState(long callId) implements MessageBody {
    @Override
    public int typeCode() {
        return MessageType.RESET_RUNSPACE_STATE.code();
    }
}
