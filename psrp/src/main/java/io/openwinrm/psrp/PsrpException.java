package io.openwinrm.psrp;

import java.util.Objects;

/**
 * A PSRP protocol error: peer input that is malformed, out of sequence, over a limit, or not allowed in the
 * current state. The {@link #error()} kind carries the reaction; the message is one line meant for logs and for
 * the error record or WS-Man fault the session layer builds from it. Never classify by message text.
 */
public class PsrpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final PsrpError error;

    public PsrpException(PsrpError error, String message) {
        this(error, message, null);
    }

    public PsrpException(PsrpError error, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The kind of problem; never null. */
    public PsrpError error() {
        return error;
    }
}
