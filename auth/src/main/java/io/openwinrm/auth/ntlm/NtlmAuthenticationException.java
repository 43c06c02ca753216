package io.openwinrm.auth.ntlm;

import java.util.Objects;
import java.util.Optional;

/**
 * A well-formed AUTHENTICATE_MESSAGE that is rejected: wrong password, unknown user, NTLMv1, bad MIC, channel
 * binding mismatch ([MS-NLMP] 3.2.5.1.2).
 */
public final class NtlmAuthenticationException extends NtlmException {
    private static final long serialVersionUID = 1L;

    private final String userName;

    /**
     * @param reason   log-safe reason
     * @param userName the user name the client claimed, if any, for the audit log
     */
    public NtlmAuthenticationException(String reason, Optional<String> userName) {
        super(reason);
        this.userName = Objects.requireNonNull(userName, "userName").orElse(null);
    }

    public Optional<String> userName() {
        return Optional.ofNullable(userName);
    }
}
