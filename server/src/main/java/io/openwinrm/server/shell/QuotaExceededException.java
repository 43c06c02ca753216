package io.openwinrm.server.shell;

import java.util.Objects;

/** A request would exceed a WinRS quota. Wire: w:QuotaLimit ([MS-WSMV] 3.1.4.5.2, 3.1.4.11). */
public final class QuotaExceededException extends ShellException {

    private static final long serialVersionUID = 1L;

    private final Quota quota;
    private final long limit;

    public QuotaExceededException(Quota quota, long limit) {
        super(quota + " quota of " + limit + " reached");
        this.quota = Objects.requireNonNull(quota, "quota");
        this.limit = limit;
    }

    public Quota quota() {
        return quota;
    }

    public long limit() {
        return limit;
    }
}
