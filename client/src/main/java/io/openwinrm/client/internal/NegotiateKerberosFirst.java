package io.openwinrm.client.internal;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.WinRmAuthenticationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code Negotiate} as Windows picks its mechanism ([MS-SPNG] 3.1.5.2; [MS-NLMP] 1.3: Kerberos first, NTLM when
 * Kerberos cannot be had): a user named with a realm ({@code alice@EXAMPLE.COM}) on a host with a Kerberos
 * configuration logs in to the realm with the password and authenticates by Kerberos; when that fails — the KDC does
 * not know the user or cannot be reached, it has no ticket for {@code HTTP/<host>}, or the service refuses the
 * ticket — NTLM is used instead, with the same password. The mechanism that worked is kept for the client.
 *
 * <p>NTLM over plain HTTP still needs the host in TrustedHosts (it does not prove the server); without that entry only
 * Kerberos, whose mutual authentication proves the server, is tried.
 */
final class NegotiateKerberosFirst extends HandshakeAuth {

    private final String host;
    private final KerberosAuth kerberos;
    private final Optional<NegotiateAuth> ntlm;
    private volatile HandshakeAuth chosen;

    /**
     * @param ntlm the NTLM fallback; empty when it may not be used (plain HTTP to a host outside TrustedHosts)
     */
    NegotiateKerberosFirst(String host, String user, char[] password, Optional<NegotiateAuth> ntlm, boolean encrypt) {
        super(encrypt);
        this.host = host;
        this.kerberos = new KerberosAuth(host, (Credentials.Kerberos) Credentials.kerberos(Optional.of(user),
                Optional.empty(), Optional.of(password), Optional.empty()), encrypt);
        this.ntlm = ntlm;
    }

    /**
     * Whether Kerberos is worth trying for {@code user}: a realm in the name and a Kerberos configuration on this host
     * ({@code KRB5_CONFIG}, {@code java.security.krb5.conf} or {@code /etc/krb5.conf}); otherwise a plain name is NTLM
     * at once, without waiting for a KDC that is not there.
     */
    static boolean applies(String user) {
        int at = user.lastIndexOf('@');
        if (at <= 0 || at == user.length() - 1 || user.indexOf('\\') >= 0) {
            return false;
        }
        String env = System.getenv("KRB5_CONFIG");
        String property = System.getProperty("java.security.krb5.conf");
        return (env != null && Files.isReadable(Path.of(env.split(":")[0])))
                || (property != null && Files.isReadable(Path.of(property)))
                || Files.isReadable(Path.of("/etc/krb5.conf"));
    }

    @Override
    void handshake(PooledConnection conn, String path) throws IOException {
        HandshakeAuth c = chosen;
        if (c != null) {
            c.handshake(conn, path);
            return;
        }
        try {
            kerberos.handshake(conn, path);
            chosen = kerberos;
        } catch (WinRmAuthenticationException e) {
            if (ntlm.isEmpty()) {
                throw new WinRmAuthenticationException(e.getMessage() + "; NTLM was not tried: " + host
                        + " is plain HTTP and not in TrustedHosts (openwinrm trustedhosts add " + host + ")");
            }
            ntlm.get().handshake(conn, path);
            chosen = ntlm.get();
        }
    }
}
