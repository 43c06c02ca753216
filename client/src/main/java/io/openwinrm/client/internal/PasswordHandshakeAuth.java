package io.openwinrm.client.internal;

import io.openwinrm.client.WinRmAuthenticationException;

/**
 * A {@link HandshakeAuth} that proves a user name and password (NTLM through Negotiate, CredSSP): it keeps its own
 * copy of the password for the handshakes of later connections, and names the endpoint and user when refused.
 */
abstract class PasswordHandshakeAuth extends HandshakeAuth {

    final String endpoint;
    final String user;
    final char[] password;

    PasswordHandshakeAuth(String endpoint, String user, char[] password, boolean encrypt) {
        super(encrypt);
        this.endpoint = endpoint;
        this.user = user;
        this.password = password.clone();
    }

    /** The service answered the last leg with 401: these credentials are refused. */
    WinRmAuthenticationException denied(String scheme) {
        return new WinRmAuthenticationException("access denied by " + endpoint + " for user '" + user + "' (HTTP 401, "
                + scheme + ")");
    }
}
