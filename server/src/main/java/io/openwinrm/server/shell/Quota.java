package io.openwinrm.server.shell;

/** The WinRS quotas a request can exceed (Winrs configuration, [MS-WSMV] 2.2.4.42). Wire: w:QuotaLimit. */
public enum Quota {
    /** MaxShellsPerUser: open shells of one owner (wire code 2150859173 ERROR_WSMAN_QUOTA_MAX_SHELLS). */
    MAX_SHELLS_PER_USER,
    /** MaxConcurrentUsers: distinct owners holding at least one shell. */
    MAX_CONCURRENT_USERS,
    /** MaxProcessesPerShell: concurrently running commands of one shell. */
    MAX_PROCESSES_PER_SHELL
}
