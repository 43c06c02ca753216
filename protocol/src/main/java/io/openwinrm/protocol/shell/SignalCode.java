package io.openwinrm.protocol.shell;

import java.util.Optional;

/**
 * Signal codes of {@code rsp:Signal/rsp:Code} ([MS-WSMV] 2.2.4.38). Compared case-insensitively: the spec and
 * pypsrp write {@code Terminate}, pywinrm, Go and winrm4j write {@code terminate}.
 */
public enum SignalCode {
    TERMINATE("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate"),
    CTRL_C("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/ctrl_c"),
    CTRL_BREAK("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/ctrl_break");

    /** PSRP's relative ctrl_c code. */
    public static final String PS_CTRL_C = "powershell/signal/ctrl_c";
    /** PSRP's crash code. */
    public static final String PS_CRASH = "powershell/signal/crash";
    /**
     * OpenWinRM's terminal resize for PTY shells: this URI plus {@code ?columns=C&rows=R} (no WinRS equivalent; the
     * contract is in docs of the login-shell endpoint).
     */
    public static final String WINDOW_SIZE = "http://schemas.openwinrm.io/wbem/wsman/1/shell/signal/window-size";

    private final String uri;

    SignalCode(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    public static Optional<SignalCode> fromUri(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        String s = uri.strip();
        for (SignalCode c : values()) {
            if (c.uri.equalsIgnoreCase(s)) {
                return Optional.of(c);
            }
        }
        if (s.equalsIgnoreCase(PS_CTRL_C)) {
            return Optional.of(CTRL_C);
        }
        return Optional.empty();
    }
}
