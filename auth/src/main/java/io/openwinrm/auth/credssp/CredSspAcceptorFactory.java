package io.openwinrm.auth.credssp;

import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.ConnectionHandshakeFactory;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Makes {@link CredSspAcceptor}s: the CredSSP scheme as the monitor of a privilege-separated server runs it, its
 * tokens being the TSRequests the network side decrypted ([MS-CSSP] 3.1.5 steps 2 to 5); in one process,
 * {@link CredSspMechanismFactory} wraps it in the TLS session. Immutable and shared.
 */
public final class CredSspAcceptorFactory implements ConnectionHandshakeFactory {

    private final byte[] publicKey;
    private final Supplier<AuthMechanism> inner;
    private final CredSspCredentialCheck check;

    /**
     * @param publicKey the subjectPublicKey of the server certificate the TLS session presents
     *                  ({@link CredSspAcceptor#subjectPublicKey})
     * @param inner     makes the SPNEGO/NTLM acceptor for each connection
     * @param check     verifies the delegated credentials
     */
    public CredSspAcceptorFactory(byte[] publicKey, Supplier<AuthMechanism> inner, CredSspCredentialCheck check) {
        this.publicKey = publicKey.clone();
        this.inner = Objects.requireNonNull(inner, "inner");
        this.check = Objects.requireNonNull(check, "check");
    }

    @Override
    public String scheme() {
        return CredSspMechanismFactory.SCHEME;
    }

    @Override
    public CredSspAcceptor create() {
        return new CredSspAcceptor(publicKey, inner.get(), check);
    }
}
