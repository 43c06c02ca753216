package io.openwinrm.psrp.message;

/** RUNSPACEPOOL_INIT_DATA ([MS-PSRP] 2.2.2.30): the pool's size, in the server's answer to Connect. */
public record RunspacePoolInitData(int minRunspaces, int maxRunspaces) implements MessageBody {
    @Override
    public int typeCode() {
        return MessageType.RUNSPACEPOOL_INIT_DATA.code();
    }
}
