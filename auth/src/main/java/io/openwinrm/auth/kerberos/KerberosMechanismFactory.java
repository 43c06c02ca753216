package io.openwinrm.auth.kerberos;

import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.ConnectionHandshakeFactory;
import java.util.Objects;

/**
 * The {@code Kerberos} HTTP scheme ([MS-WSMV] 2.2.9; Ruby WinRM's and WinRm.NET's choice): one raw Kerberos GSS token,
 * answered with the AP-REP on the 200, bodies sealed as {@code application/HTTP-Kerberos-session-encrypted}.
 * Connection-bound and allowed on plain HTTP, where every message is then sealed.
 */
public final class KerberosMechanismFactory implements ConnectionHandshakeFactory {

    public static final String SCHEME = "Kerberos";

    private final KerberosSupport kerberos;

    /** @param kerberos the acceptor; {@code null} for a template that only names the scheme (never creates) */
    public KerberosMechanismFactory(KerberosSupport kerberos) {
        this.kerberos = kerberos;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public AuthMechanism create() {
        Objects.requireNonNull(kerberos, "a template factory creates no mechanism");
        boolean[] used = new boolean[1];
        return (token, connection) -> {
            if (used[0]) {
                return new AuthStep.Failure("Kerberos takes one token per connection");
            }
            used[0] = true;
            return kerberos.authenticate(token, connection, KerberosSessionSecurity.KERBEROS_PROTOCOL);
        };
    }
}
