package io.openwinrm.protocol.wsman;

/** Resource URIs and well-known addresses ([MS-WSMV] 2.2.4.37, 3.1.4.1.5, 3.1.4.1.4). */
public final class ResourceUris {
    /** The cmd.exe remote shell resource. */
    public static final String CMD_SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd";
    /** The generic shell resource used by Get/Enumerate of shells. */
    public static final String SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    /**
     * The commands of a shell, enumerated with a ShellId selector filter: what pypsrp's
     * {@code RunspacePool.get_runspace_pools} and PowerShell's {@code GetRemoteCommands} ask ([MS-WSMV] 3.1.4.8.2).
     */
    public static final String SHELL_COMMAND = SHELL + "/Command";
    /**
     * OpenWinRM's stateful "login shell": the cmd shell operations, but every Command runs in one long-lived
     * interpreter (the account's login shell), or under a pseudo-terminal with the Create option
     * {@code OPENWINRM_PTY}. Not a Windows resource.
     */
    public static final String LOGIN_SHELL = "http://schemas.openwinrm.io/wbem/wsman/1/shell/login";
    /** Prefix of PowerShell (PSRP) plugin resource URIs. */
    public static final String POWERSHELL_PREFIX = "http://schemas.microsoft.com/powershell/";
    /** Default PowerShell endpoint. */
    public static final String POWERSHELL = POWERSHELL_PREFIX + "Microsoft.PowerShell";
    /** WinRM configuration root. */
    public static final String CONFIG = "http://schemas.microsoft.com/wbem/wsman/1/config";
    /** WS-Addressing anonymous address, the only ReplyTo WinRM accepts. */
    public static final String ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";
    /** Fault detail URI prefix ([MS-WSMV] 2.2.4.x, DSP0226 Annex). */
    public static final String FAULT_DETAIL_PREFIX = "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/";
    /** Security profile URI prefix used in Identify responses. */
    public static final String SECPROFILE_PREFIX = "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/";

    private ResourceUris() {
    }

    /**
     * Whether {@code address} is the anonymous role: {@link #ANONYMOUS}, or with the trailing slash [MS-WSMV]
     * 3.1.4.1.4 writes for FaultTo.
     */
    public static boolean isAnonymous(String address) {
        return ANONYMOUS.equals(address) || (ANONYMOUS + "/").equals(address);
    }
}
