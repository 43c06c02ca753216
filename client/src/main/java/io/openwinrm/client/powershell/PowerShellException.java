package io.openwinrm.client.powershell;

import io.openwinrm.client.WinRmException;

/**
 * A PowerShell Remoting failure ([MS-PSRP]): a peer that breaks the protocol, a pool or pipeline in the wrong state
 * for an operation, or one of the subtypes that carry the server's reason.
 */
public class PowerShellException extends WinRmException {
    private static final long serialVersionUID = 1L;

    public PowerShellException(String message) {
        super(message);
    }

    public PowerShellException(String message, Throwable cause) {
        super(message, cause);
    }
}
