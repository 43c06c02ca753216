package io.openwinrm.server.config;

import java.util.Locale;

/**
 * Where Basic passwords (and, later, CredSSP's) are checked: {@code [accounts] password_source}.
 */
public enum PasswordSource {
    /** OpenWinRM's account store only (a server that is not root has nothing else). */
    STORE,
    /** The host's own passwords through PAM only (service {@code openwinrm}); needs root. */
    PAM,
    /** PAM first, then the account store: the default as root. */
    BOTH;

    /** {@code "store"}, {@code "pam"} or {@code "both"}. */
    public static PasswordSource parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "store" -> STORE;
            case "pam" -> PAM;
            case "both" -> BOTH;
            default -> throw new IllegalArgumentException("accounts.password_source must be \"pam\", \"store\" or "
                    + "\"both\", not \"" + text + "\"");
        };
    }

    public boolean usesPam() {
        return this != STORE;
    }

    public boolean usesStore() {
        return this != PAM;
    }
}
