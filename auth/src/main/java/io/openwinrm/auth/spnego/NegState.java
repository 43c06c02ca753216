package io.openwinrm.auth.spnego;

/** NegTokenResp negState (RFC 4178 4.2.2). */
public enum NegState {
    ACCEPT_COMPLETED, ACCEPT_INCOMPLETE, REJECT, REQUEST_MIC;

    int code() {
        return ordinal();
    }

    static NegState of(int code) throws SpnegoException {
        if (code < 0 || code >= values().length) {
            throw new SpnegoException("unknown negState " + code);
        }
        return values()[code];
    }
}
