package io.openwinrm.auth.credssp;

import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The {@code CredSSP} HTTP scheme ([MS-WSMV] 2.2.9, 3.1.4.1.28; [MS-CSSP]): the client hands the server its password
 * so that the session can authenticate onward as the user (the second hop). Connection-bound, and allowed on plain
 * HTTP because the inner TLS session then encrypts every message ([MS-WSMV] 2.2.9.1.3). Off unless configured: a
 * compromised server learns the passwords of everyone who logs on this way.
 *
 * <p>Immutable and shared. A mechanism — its TLS engine and inner authentication — exists only for a connection that
 * uses the scheme, and is dropped when the connection fails or closes.
 */
public final class CredSspMechanismFactory implements AuthMechanismFactory {

    public static final String SCHEME = "CredSSP";

    private final SSLContext tls;
    private final Supplier<AuthMechanism> inner;
    private final CredSspCredentialCheck check;

    /**
     * @param tls   the server's own certificate and key, as for HTTPS (Windows binds CredSSP to its certificate too)
     * @param inner makes the SPNEGO/NTLM mechanism run inside the TLS session, one per connection (the
     *              {@code Negotiate} scheme's own, or one that forwards the tokens to the monitor)
     * @param check verifies the delegated credentials
     */
    public CredSspMechanismFactory(SSLContext tls, Supplier<AuthMechanism> inner, CredSspCredentialCheck check) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.inner = Objects.requireNonNull(inner, "inner");
        this.check = Objects.requireNonNull(check, "check");
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public boolean allowedOnInsecureChannel() {
        return true;
    }

    @Override
    public boolean connectionBound() {
        return true;
    }

    @Override
    public AuthMechanism create() {
        return new CredSspMechanism(new InnerTls(tls), inner.get(), check);
    }
}
