package io.openwinrm.psrp.message;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;

/** The Destination field of the message header ([MS-PSRP] 2.2.1): who the message is for. */
public enum Destination {
    CLIENT(1),
    SERVER(2);

    private final int wire;

    Destination(int wire) {
        this.wire = wire;
    }

    public int wire() {
        return wire;
    }

    /** @throws PsrpException {@link PsrpError#MALFORMED_MESSAGE} for any value but 1 and 2 */
    public static Destination fromWire(int value) {
        return switch (value) {
            case 1 -> CLIENT;
            case 2 -> SERVER;
            default -> throw new PsrpException(PsrpError.MALFORMED_MESSAGE, "message destination " + value
                    + " is neither 1 (client) nor 2 (server)");
        };
    }
}
