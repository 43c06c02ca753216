package io.openwinrm.client.powershell;

import java.util.Arrays;
import java.util.Objects;

/**
 * A host's answer to PromptForCredential ([MS-PSRP] 2.2.3.17 methods 24, 25): PowerShell's {@code PSCredential}.
 * The password travels as a SecureString under the pool's session key; {@link #clear()} wipes it here afterwards.
 *
 * @param userName the user name, e.g. {@code DOMAIN\\user}
 * @param password the password (not copied)
 */
public record PsCredential(String userName, char[] password) {
    public PsCredential {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(password, "password");
    }

    /** Overwrites the password. */
    public void clear() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "PsCredential[userName=" + userName + ", password=***]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PsCredential c && userName.equals(c.userName) && Arrays.equals(password, c.password);
    }

    @Override
    public int hashCode() {
        return userName.hashCode() * 31 + Arrays.hashCode(password);
    }
}
