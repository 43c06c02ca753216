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

    /**
     * Peer text made safe for an error message: at most 40 characters, control characters, surrogates and line
     * breaks shown as {@code _xHHHH_}, so that a message stays one printable line whatever the peer sent.
     */
    public static String excerpt(String peerText) {
        if (peerText == null) {
            return "null";
        }
        String cut = peerText.length() > 40 ? peerText.substring(0, 40) : peerText;
        StringBuilder sb = new StringBuilder(cut.length() + 8);
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c) || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("_x%04X_", (int) c));
            } else {
                sb.append(c);
            }
        }
        return peerText.length() > 40 ? sb.append("...").toString() : sb.toString();
    }

    /** The kind of problem; never null. */
    public PsrpError error() {
        return error;
    }
}
