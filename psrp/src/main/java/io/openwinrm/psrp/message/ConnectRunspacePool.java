package io.openwinrm.psrp.message;

/**
 * CONNECT_RUNSPACEPOOL ([MS-PSRP] 2.2.2.29, protocol 2.2+): a new client attaches to a disconnected pool. Both sizes
 * are optional; pypsrp and PowerShell send data {@code <S />} (no sizes), which the spec equates with a pool of
 * one runspace and Windows treats as "keep the pool's sizes".
 *
 * @param minRunspaces null when absent
 * @param maxRunspaces null when absent
 */
public record ConnectRunspacePool(Integer minRunspaces, Integer maxRunspaces) implements MessageBody {
    /** The usual form: no sizes. */
    public static final ConnectRunspacePool KEEP_SIZES = new ConnectRunspacePool(null, null);

    @Override
    public int typeCode() {
        return MessageType.CONNECT_RUNSPACEPOOL.code();
    }
}
