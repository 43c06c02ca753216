package io.openwinrm.auth.credssp;

import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.auth.spi.ConnectionHandshakeFactory;
import java.util.Objects;
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
public final class CredSspMechanismFactory implements ConnectionHandshakeFactory {

    public static final String SCHEME = "CredSSP";

    private final SSLContext tls;
    private final AuthMechanismFactory requests;

    /**
     * @param tls      the server's own certificate and key, as for HTTPS (Windows binds CredSSP to its certificate
     *                 too)
     * @param requests makes, per connection, what handles the TSRequests inside the TLS session: a
     *                 {@link CredSspAcceptorFactory}, or on a privilege-separated server's network side one that
     *                 forwards them to the monitor
     */
    public CredSspMechanismFactory(SSLContext tls, AuthMechanismFactory requests) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.requests = Objects.requireNonNull(requests, "requests");
    }

    /** What handles the TSRequests: the factory a monitor runs in place of this one. */
    public AuthMechanismFactory requests() {
        return requests;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public AuthMechanism create() {
        return new CredSspMechanism(new InnerTls(tls), requests.create());
    }
}
