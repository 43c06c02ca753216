package io.openwinrm.client.powershell;

import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.Optional;

/**
 * The runspace pool is Broken ([MS-PSRP] 2.2.3.4): the server said so in RUNSPACEPOOL_STATE with its reason
 * (2.2.2.9), or the client gave up on it after a fault, a transport failure or a protocol error (3.1.4.1).
 */
public class RunspacePoolBrokenException extends PowerShellException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorRecord reason;

    public RunspacePoolBrokenException(String message, ErrorRecord reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The server's ErrorRecord, when the server broke the pool. */
    public Optional<ErrorRecord> reason() {
        return Optional.ofNullable(reason);
    }
}
