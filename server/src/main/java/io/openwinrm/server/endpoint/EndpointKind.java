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
    RESTRICTED;

    /** The written form in endpoint files: {@code shell}, {@code login}, {@code restricted}. */
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
        throw new IllegalArgumentException("kind must be shell, login or restricted, not '" + text + "'");
    }
}
