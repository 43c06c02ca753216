package io.openwinrm.client.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * How requests are authenticated on a connection: a header on every request (Basic, certificate), or a handshake
 * that binds the connection and then encrypts every message (Negotiate/NTLM, [MS-WSMV] 2.2.9.1).
 */
interface ConnectionAuth {

    /**
     * Sends one SOAP request on {@code conn} and returns the reply in plaintext.
     *
     * @param headers headers besides Authorization and Content-Type (e.g. WSMANIDENTIFY)
     */
    Reply exchange(PooledConnection conn, String path, byte[] soap, List<Map.Entry<String, String>> headers)
            throws IOException;
}
