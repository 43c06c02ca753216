package io.openwinrm.client.internal;

import com.sun.security.jgss.ExtendedGSSContext;
import com.sun.security.jgss.InquireType;
import io.openwinrm.auth.kerberos.EncryptionType;
import io.openwinrm.auth.kerberos.Jgss;
import io.openwinrm.auth.kerberos.KerberosAcceptor;
import io.openwinrm.auth.kerberos.KerberosSessionSecurity;
import io.openwinrm.auth.kerberos.WrapTokenHeader;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmTransportException;
import io.openwinrm.transport.client.HttpResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.kerberos.EncryptionKey;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;

/**
 * Kerberos through the {@code Negotiate} scheme, bound to each connection: an empty-body leg carrying the AP-REQ (a
 * raw Kerberos GSS token, as pywinrm sends), the AP-REP in the 200, mutual authentication verified, then every message
 * sealed on plain HTTP with RFC 4121 tokens in Windows' layout ([MS-WSMV] 2.2.9.1,
 * {@code application/HTTP-SPNEGO-session-encrypted}). The JDK's JGSS makes the context; the login (cache, keytab or
 * password) happens once per client.
 *
 * <p>No channel binding is sent on HTTPS: JGSS would hash it with the null-address type 255 where Windows expects 0,
 * and a wrong binding is refused where a missing one is accepted (CbtHardeningLevel relaxed).
 */
final class KerberosAuth extends HandshakeAuth {

    private static final GSSManager MANAGER = GSSManager.getInstance();

    /**
     * Logins from a credential cache or a keytab, shared by every client of this process with the same credentials:
     * the TGT and the service tickets JGSS keeps in the subject are reused, as a kinit-ed client reuses its cache. A
     * password login is never shared.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Subject> SHARED_LOGINS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final String host;
    private final Credentials.Kerberos credentials;
    private Subject subject;

    KerberosAuth(String host, Credentials.Kerberos credentials, boolean encrypt) {
        super(encrypt);
        this.host = host;
        this.credentials = credentials;
    }

    @Override
    void handshake(PooledConnection conn, String path) throws IOException {
        conn.context = null;
        conn.http.open();
        Subject who = login();
        try {
            GSSContext ctx = Jgss.as(who, () -> {
                GSSName service = credentials.spn().isPresent()
                        ? MANAGER.createName(credentials.spn().get(), Jgss.KRB5_PRINCIPAL)
                        : MANAGER.createName("HTTP@" + host, GSSName.NT_HOSTBASED_SERVICE);
                GSSContext c = MANAGER.createContext(service, KerberosAcceptor.KRB5, null,
                        GSSContext.DEFAULT_LIFETIME);
                c.requestMutualAuth(true);
                c.requestCredDeleg(credentials.delegate());
                c.requestConf(true);
                c.requestInteg(true);
                c.requestSequenceDet(true);
                c.requestReplayDet(true);
                return c;
            });
            byte[] apReq = Jgss.as(who, () -> ctx.initSecContext(new byte[0], 0, 0));
            HttpResponse reply = leg(conn, path, apReq);
            if (reply.status() == 401) {
                throw new WinRmAuthenticationException("access denied by " + host + " for "
                        + credentials.user() + " (HTTP 401, Kerberos)");
            }
            if (reply.status() != 200) {
                throw new WinRmTransportException("unexpected HTTP " + reply.status() + " ending the Kerberos "
                        + "handshake");
            }
            byte[] apRep = token(reply).orElseThrow(() -> new WinRmAuthenticationException(host
                    + " did not prove its identity (no AP-REP in its answer): refusing to go on"));
            Jgss.as(who, () -> ctx.initSecContext(apRep, 0, apRep.length));
            if (!ctx.isEstablished() || !ctx.getMutualAuthState()) {
                throw new WinRmAuthenticationException("the Kerberos mutual authentication with " + host
                        + " did not complete");
            }
            if (credentials.delegate() && !ctx.getCredDelegState()) {
                throw new WinRmAuthenticationException("--delegate: the ticket-granting ticket of "
                        + credentials.user() + " is not forwardable, so it cannot be delegated to " + host
                        + " (kinit -f, or forwardable = true in krb5.conf [libdefaults])");
            }
            conn.context = sessionSecurity(ctx);
            ctx.dispose();
        } catch (GSSException e) {
            conn.close();
            throw new WinRmAuthenticationException("Kerberos authentication to " + host + " failed: "
                    + e.getMessage());
        }
    }

    /** The context key and where our sequence numbers and flags start: a wrap token JGSS makes and we throw away. */
    private static KerberosSessionSecurity sessionSecurity(GSSContext ctx) throws GSSException {
        EncryptionKey key = (EncryptionKey) ((ExtendedGSSContext) ctx)
                .inquireSecContext(InquireType.KRB5_GET_SESSION_KEY_EX);
        EncryptionType type = EncryptionType.of(key.getKeyType()).orElseThrow(() -> new WinRmAuthenticationException(
                "the Kerberos session key has encryption type " + key.getKeyType()
                        + ", which cannot seal WinRM messages (AES only)"));
        byte[] probe = ctx.wrap(new byte[0], 0, 0, new MessageProp(0, true));
        WrapTokenHeader header = WrapTokenHeader.decode(probe);
        return KerberosSessionSecurity.initiator(type, key.getEncoded(),
                header.has(WrapTokenHeader.ACCEPTOR_SUBKEY), header.sequenceNumber(),
                KerberosSessionSecurity.SPNEGO_PROTOCOL);
    }

    /** Logs in once: from the cache, a keytab or a password. */
    private synchronized Subject login() {
        if (subject != null) {
            return subject;
        }
        if (credentials.password().isEmpty()) {
            String key = credentials.keytab().map(k -> "keytab:" + k.toAbsolutePath()).orElse("cache:"
                    + System.getenv("KRB5CCNAME")) + ":" + credentials.principal().orElse("");
            subject = SHARED_LOGINS.computeIfAbsent(key, k -> newLogin());
            return subject;
        }
        subject = newLogin();
        return subject;
    }

    private Subject newLogin() {
        String krb5Config = System.getenv("KRB5_CONFIG");
        if (krb5Config != null && !krb5Config.isBlank() && System.getProperty("java.security.krb5.conf") == null) {
            System.setProperty("java.security.krb5.conf", krb5Config.split(":")[0]);
        }
        Map<String, String> options = new HashMap<>();
        options.put("isInitiator", "true");
        options.put("refreshKrb5Config", "true");
        credentials.principal().ifPresent(p -> options.put("principal", p));
        if (credentials.keytab().isPresent()) {
            options.put("useKeyTab", "true");
            options.put("keyTab", credentials.keytab().get().toString());
            options.put("doNotPrompt", "true");
        } else if (credentials.password().isEmpty()) {
            options.put("useTicketCache", "true");
            options.put("doNotPrompt", "true");
        }
        Configuration config = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        try {
            LoginContext lc = new LoginContext("openwinrm", new Subject(), callbacks -> {
                for (var c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(credentials.principal().orElse(System.getProperty("user.name")));
                    } else if (c instanceof PasswordCallback p && credentials.password().isPresent()) {
                        p.setPassword(credentials.password().get());
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            }, config);
            lc.login();
            return lc.getSubject();
        } catch (LoginException e) {
            throw new WinRmAuthenticationException("Kerberos login failed: " + e.getMessage()
                    + (credentials.keytab().isEmpty() && credentials.password().isEmpty()
                            ? " (no usable ticket in the credential cache: run kinit, or give a keytab or"
                                    + " --password-stdin; inside a remote session this is the second-hop problem:"
                                    + " the session has no credentials of yours unless you connected to it with"
                                    + " --delegate (Kerberos delegation) or CredSSP, or it runs on a RunAs endpoint)"
                            : ""));
        }
    }
}
