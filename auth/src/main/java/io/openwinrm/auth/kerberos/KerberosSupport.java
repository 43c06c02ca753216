package io.openwinrm.auth.kerberos;

import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.SecurityContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Kerberos for the HTTP schemes that carry it ({@code Kerberos}, and {@code Negotiate} raw or inside SPNEGO): accept
 * the AP-REQ, map the principal to an account, and seal with the context's key. Immutable and shared.
 *
 * @param acceptor      the keytab's acceptor
 * @param mapper        principal → account, as it is now (the explicit mappings may change while the server runs)
 */
public record KerberosSupport(KerberosAcceptor acceptor, Supplier<PrincipalMapper> mapper) {

    /** The mechanism name in audit records and {@link AuthenticatedUser#mechanism()}. */
    public static final String MECHANISM = "Kerberos";

    public KerberosSupport {
        Objects.requireNonNull(acceptor, "acceptor");
        Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * One AP-REQ: success with the AP-REP to send back, or a failure with a log-safe reason (and the principal when
     * the ticket was good but the principal may not log in).
     */
    public AuthStep authenticate(byte[] gssToken, ConnectionInfo connection, String encryptionProtocol) {
        KerberosAcceptor.Accepted accepted;
        try {
            accepted = acceptor.accept(gssToken, encryptionProtocol);
        } catch (KerberosException e) {
            return new AuthStep.Failure(e.getMessage(), e.principal());
        }
        String principal = accepted.principal();
        Optional<String> account = mapper.get().account(principal);
        if (account.isEmpty()) {
            return new AuthStep.Failure("the Kerberos principal " + principal + " is not from a trusted realm and"
                    + " is not mapped to an account", Optional.of(principal));
        }
        String realm = principal.substring(principal.lastIndexOf('@') + 1);
        AuthenticatedUser user = new AuthenticatedUser(account.get(), MECHANISM, Optional.of(realm), List.of(),
                Optional.empty(), accepted.delegated());
        return new AuthStep.Success(user, Optional.<SecurityContext>of(accepted.security()), accepted.replyToken());
    }
}
