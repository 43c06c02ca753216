package io.openwinrm.server.shell;

import java.util.Objects;

/** A request would exceed a WinRS quota. Wire: w:QuotaLimit ([MS-WSMV] 3.1.4.5.2, 3.1.4.11). */
public final class QuotaExceededException extends ShellException {

    private static final long serialVersionUID = 1L;

    private final Quota quota;
    private final long limit;

    private final String detail;

    public QuotaExceededException(Quota quota, long limit) {
        this(quota, limit, null);
    }

    /**
     * @param detail what exactly was exceeded, for the fault message (a sentence ending with ". "), or null for
     *               just the limit
     */
    public QuotaExceededException(Quota quota, long limit, String detail) {
        super(quota + " quota of " + limit + " reached" + (detail == null ? "" : ": " + detail.strip()));
        this.quota = Objects.requireNonNull(quota, "quota");
        this.limit = limit;
        this.detail = detail;
    }

    /** What exactly was exceeded, when the thrower said more than the limit. */
    public java.util.Optional<String> detail() {
        return java.util.Optional.ofNullable(detail);
    }

    public Quota quota() {
        return quota;
    }

    public long limit() {
        return limit;
    }
}
