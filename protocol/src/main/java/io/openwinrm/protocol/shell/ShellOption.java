package io.openwinrm.protocol.shell;

/** WinRS option names carried in {@code w:OptionSet} ([MS-WSMV] 3.1.4.5.2, 3.1.4.11, 3.1.4.14). */
public final class ShellOption {
    /** Create: console code page (437 from pywinrm/winrm4j, 65001 from Go/Ansible). */
    public static final String WINRS_CODEPAGE = "WINRS_CODEPAGE";
    /** Create: do not load the user profile (TRUE/FALSE). */
    public static final String WINRS_NOPROFILE = "WINRS_NOPROFILE";
    /** Command: stdin is a console (ignored by Windows 2012 R2+, [MS-WSMV] &lt;117&gt;). */
    public static final String WINRS_CONSOLEMODE_STDIN = "WINRS_CONSOLEMODE_STDIN";
    /** Command: run the program directly instead of through {@code cmd /c}. */
    public static final String WINRS_SKIP_CMD_SHELL = "WINRS_SKIP_CMD_SHELL";
    /** Receive: pypsrp keep-alive; servers should ignore it. */
    public static final String WSMAN_CMDSHELL_OPTION_KEEPALIVE = "WSMAN_CMDSHELL_OPTION_KEEPALIVE";
    /** OpenWinRM Create: commands run under a pseudo-terminal (TRUE/FALSE); not a Windows option. */
    public static final String OPENWINRM_PTY = "OPENWINRM_PTY";
    /** OpenWinRM Create with a PTY: terminal width in columns, 1–10000 (default 80). */
    public static final String OPENWINRM_PTY_COLUMNS = "OPENWINRM_PTY_COLUMNS";
    /** OpenWinRM Create with a PTY: terminal height in rows, 1–10000 (default 24). */
    public static final String OPENWINRM_PTY_ROWS = "OPENWINRM_PTY_ROWS";
    /** OpenWinRM Create with a PTY: the {@code TERM} of the commands (default {@code xterm-256color}). */
    public static final String OPENWINRM_TERM = "OPENWINRM_TERM";
    /** PSRP Create: protocol version (MustComply). */
    public static final String PROTOCOL_VERSION = "protocolversion";

    private ShellOption() {
    }
}
