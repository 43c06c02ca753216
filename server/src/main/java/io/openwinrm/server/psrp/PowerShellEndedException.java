package io.openwinrm.server.psrp;

/**
 * The runspace pool of a PowerShell shell ended ({@code pwsh} exited, a protocol error broke the pool, the shell was
 * closed): the operation cannot be served. The fault mapper answers it with the reason.
 */
public final class PowerShellEndedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PowerShellEndedException(String reason) {
        super(reason, null, false, false);
    }
}
