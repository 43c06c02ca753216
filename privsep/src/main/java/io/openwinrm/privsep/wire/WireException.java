package io.openwinrm.privsep.wire;

/** A message that breaks the monitor protocol: malformed, over a limit, unknown type or version. */
public final class WireException extends Exception {

    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message);
    }
}
