package io.openwinrm.server.endpoint;

import java.util.Locale;

/** What a shell of an endpoint runs (the {@code SessionType} of a Windows session configuration). */
public enum EndpointKind {

    /** WinRS cmd shell semantics: each Command is a new process, through {@code /bin/sh -c}. */
    SHELL,
    /** OpenWinRM's stateful login shell: one interpreter per shell ({@code ResourceUris.LOGIN_SHELL}). */
    LOGIN,
    /**
     * JEA's {@code RestrictedRemoteServer}: only commands allowed by the caller's roles, executed directly (no shell,
     * no globbing, no redirection, no environment from the client).
     */
    RESTRICTED,
    /**
     * A PowerShell session configuration ([MS-PSRP] over [MS-WSMV]): each shell is a runspace pool served by
     * {@code pwsh -s} running as the caller's account (the out-of-process server mode PowerShell's own SSH remoting
     * uses).
     */
    POWERSHELL;

    /** The written form in endpoint files: {@code shell}, {@code login}, {@code restricted}, {@code powershell}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for any other word */
    public static EndpointKind parse(String text) {
        for (EndpointKind k : values()) {
            if (k.text().equalsIgnoreCase(text.strip())) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be shell, login, restricted or powershell, not '" + text + "'");
    }
}
