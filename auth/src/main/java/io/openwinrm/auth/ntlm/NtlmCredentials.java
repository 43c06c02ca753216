package io.openwinrm.auth.ntlm;

import io.openwinrm.auth.account.NtHash;
import java.util.Objects;

/**
 * A client's NTLM identity: user, domain (may be empty for a local account) and the password-equivalent NT hash.
 * {@link #toString()} never shows the hash.
 */
public record NtlmCredentials(String user, String domain, byte[] ntHash) {

    public NtlmCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(domain, "domain");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("user must not be empty");
        }
        if (ntHash.length != 16) {
            throw new IllegalArgumentException("NT hash must be 16 bytes");
        }
        ntHash = ntHash.clone();
    }

    /** From a password; the caller may wipe {@code password} afterwards. */
    public static NtlmCredentials ofPassword(String user, String domain, char[] password) {
        return new NtlmCredentials(user, domain, NtHash.of(password));
    }

    /**
     * Splits {@code DOMAIN\\user} or {@code user@domain} (domain kept as written); a plain name has an empty domain.
     */
    public static NtlmCredentials parse(String name, char[] password) {
        int backslash = name.indexOf('\\');
        if (backslash >= 0) {
            return ofPassword(name.substring(backslash + 1), name.substring(0, backslash), password);
        }
        int at = name.lastIndexOf('@');
        if (at > 0) {
            return ofPassword(name.substring(0, at), name.substring(at + 1), password);
        }
        return ofPassword(name, "", password);
    }

    @Override
    public byte[] ntHash() {
        return ntHash.clone();
    }

    @Override
    public String toString() {
        return "NtlmCredentials[" + (domain.isEmpty() ? "" : domain + "\\") + user + "]";
    }
}
