package io.openwinrm.auth.ntlm;

import java.util.Objects;
import java.util.Optional;

/**
 * NEGOTIATE_MESSAGE ([MS-NLMP] 2.2.1.1). Domain and workstation are OEM strings and are only informative.
 */
public record NegotiateMessage(int flags, Optional<String> domain, Optional<String> workstation,
                               Optional<NtlmVersion> version) {

    public NegotiateMessage {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(workstation, "workstation");
        Objects.requireNonNull(version, "version");
    }
}
