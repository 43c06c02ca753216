package io.openwinrm.server.shell;

/** Why a shell was closed; reported to {@link ShellListener#shellClosed}. */
public enum CloseReason {
    /** The client sent Delete ([MS-WSMV] 3.1.4.6). */
    DELETED,
    /** No operation touched the shell for its IdleTimeOut ([MS-WSMV] 2.2.4.37). */
    IDLE_TIMEOUT,
    /** The shell stayed disconnected for the IdleTimeOut of its Disconnect ([MS-WSMV] 3.1.4.15). */
    DISCONNECTED_IDLE_TIMEOUT,
    /** The shell outlived MaxShellRunTime. */
    MAX_RUN_TIME,
    /** The interpreter of a login shell exited (e.g. {@code exit} as a command) and its last Done was delivered. */
    INTERPRETER_EXITED,
    /** A PowerShell shell's engine ended on its own: {@code pwsh} exited, or a protocol error broke the pool. */
    ENGINE_ENDED,
    /** The server is stopping. */
    SERVER_STOP
}
