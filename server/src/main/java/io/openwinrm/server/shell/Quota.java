package io.openwinrm.server.shell;

/** The quotas a request can exceed (Winrs and Service configuration, [MS-WSMV] 2.2.4.42). Wire: w:QuotaLimit. */
public enum Quota {
    /** MaxShellsPerUser: open shells of one owner (wire code 2150859173 ERROR_WSMAN_QUOTA_MAX_SHELLS). */
    MAX_SHELLS_PER_USER,
    /** MaxConcurrentUsers: distinct owners holding at least one shell. */
    MAX_CONCURRENT_USERS,
    /** MaxProcessesPerShell: concurrently running commands of one shell. */
    MAX_PROCESSES_PER_SHELL,
    /**
     * Sends of one command waiting for room in its standard input (OpenWinRM's {@code winrs.max_waiting_sends} and
     * {@code winrs.max_waiting_send_kb}; Windows itself allows one outstanding Send per shell, [MS-WSMV] &lt;120&gt;).
     */
    WAITING_INPUT,
    /**
     * Service/MaxConcurrentOperationsPerUser: requests of one user in flight at once (wire code 2150859174
     * ERROR_WSMAN_QUOTA_MAX_OPERATIONS).
     */
    MAX_CONCURRENT_OPERATIONS_PER_USER
}
