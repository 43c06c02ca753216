package io.openwinrm.auth.ntlm;

import java.util.Objects;
import java.util.Optional;

/**
 * A verified AUTHENTICATE_MESSAGE.
 *
 * @param accountName     the account as stored (the look-up's canonical name)
 * @param clientUserName  UserName as the client sent it
 * @param clientDomain    DomainName as the client sent it
 * @param workstation     Workstation as the client sent it
 * @param flags           the negotiated flags
 * @param micVerified     whether the message carried a MIC and it verified
 * @param sessionSecurity the sealing context, present when SIGN, SEAL, ESS and 128 were all negotiated
 */
public record NtlmAuthentication(String accountName, String clientUserName, String clientDomain,
                                 String workstation, int flags, boolean micVerified,
                                 Optional<NtlmSessionSecurity> sessionSecurity) {

    public NtlmAuthentication {
        Objects.requireNonNull(accountName, "accountName");
        Objects.requireNonNull(clientUserName, "clientUserName");
        Objects.requireNonNull(clientDomain, "clientDomain");
        Objects.requireNonNull(workstation, "workstation");
        Objects.requireNonNull(sessionSecurity, "sessionSecurity");
    }
}
