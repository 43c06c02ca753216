package io.openwinrm.bench;

/**
 * The transport + authentication combinations of OpenWinRM that the benchmark measures, each with its own ratio
 * targets against OpenSSH: (a) latency ratio at most {@link #latencyTarget}, (c) throughput ratio at least
 * {@link #downloadTarget} (empty: the row has no target).
 */
enum WinRmVariant {
    /** HTTPS, HTTP Basic ([RFC 7617]), server certificate pinned. */
    BASIC("HTTPS + Basic", "<= 1.0", ">= 0.3"),
    /**
     * Plain HTTP, NTLMv2 through Negotiate, every message sealed with the session keys ([MS-WSMV] 2.2.9.1
     * multipart/encrypted).
     */
    NTLM("HTTP + NTLM (encrypted)", "<= 1.0", ">= 0.25"),
    /**
     * Plain HTTP, Kerberos (a keytab login to the benchmark's own MIT KDC, AES-256 session key) through Negotiate,
     * every message sealed with RFC 4121 wrap tokens (application/HTTP-SPNEGO-session-encrypted).
     */
    KERBEROS("HTTP + Kerberos (encrypted)", "<= 1.0", ">= 0.3"),
    /** HTTPS with a TLS client certificate mapped to the account ([MS-WSMV] certificate authentication). */
    CERTIFICATE("HTTPS + client certificate", "<= 1.0", ">= 0.25"),
    /**
     * HTTPS + Basic as a non-administrator account, (a) only: the server (root) starts each command through
     * {@code nsenter} into the shell's private mount namespace ({@code /proc} with {@code hidepid=invisible}) and
     * {@code setpriv} to the account; compared with ssh as the same account. The row shows the cost of that
     * isolation, so it has no target.
     */
    ORDINARY_USER("HTTPS + Basic, ordinary user (setpriv, private /proc)", "", "");

    private final String label;
    private final String latencyTarget;
    private final String downloadTarget;

    WinRmVariant(String label, String latencyTarget, String downloadTarget) {
        this.label = label;
        this.latencyTarget = latencyTarget;
        this.downloadTarget = downloadTarget;
    }

    String label() {
        return label;
    }

    /** Target for the (a) latency ratio rows. */
    String latencyTarget() {
        return latencyTarget;
    }

    /** Target for the (c) MB/s ratio rows. */
    String downloadTarget() {
        return downloadTarget;
    }
}
