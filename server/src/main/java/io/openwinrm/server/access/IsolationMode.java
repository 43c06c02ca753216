package io.openwinrm.server.access;

import java.util.Locale;

/**
 * Whether commands run as the caller's OS account (config key {@code isolation.mode}).
 */
public enum IsolationMode {
    /** Switch users when the server can (it runs as root or holds the capabilities); else run as itself. */
    AUTO,
    /** Always switch users; the server refuses to start when it cannot. */
    ON,
    /** Never switch: every command runs as the server's own account (a developer's server, tests). */
    OFF;

    public static IsolationMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("isolation.mode must be auto, on or off, not '" + text + "'");
        }
    }
}
