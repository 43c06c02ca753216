package io.openwinrm.auth.spi;

/**
 * A scheme whose handshake authenticates the whole connection and keys the sealing of every later message on it
 * (Negotiate/NTLM, Kerberos, CredSSP; [MS-WSMV] 2.2.9.1): so it may run over plain HTTP, and later requests on the
 * connection carry no {@code Authorization} header.
 */
public interface ConnectionHandshakeFactory extends AuthMechanismFactory {

    @Override
    default boolean allowedOnInsecureChannel() {
        return true;
    }

    @Override
    default boolean connectionBound() {
        return true;
    }
}
