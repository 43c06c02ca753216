package io.openwinrm.auth.kerberos;

import io.openwinrm.auth.spi.DelegatedCredentials;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * A ticket-granting ticket for a password a client delegated (CredSSP's TSPasswordCreds, [MS-CSSP] 2.2.1.2.1), as
 * {@code kinit} would get it: an AS exchange with the realm's KDC (RFC 4120 3.1) through the JDK's Kerberos login
 * module, with the password as the only answer and nothing read from or written to a ticket cache or keytab of this
 * process. The result is the image of a credential cache file for the shell's private cache, exactly as a forwarded
 * TGT becomes one ({@link CredentialCacheFile}). The KDC is the one the JVM's Kerberos configuration names
 * ({@code java.security.krb5.conf}, set from {@code [kerberos] krb5_conf}).
 *
 * <p>The password array is read, never kept; the caller zeroes it. Thread-safe: every call has its own login.
 */
public final class KerberosPasswordLogin {

    private static final String LOGIN_MODULE = "com.sun.security.auth.module.Krb5LoginModule";

    private KerberosPasswordLogin() {
    }

    /**
     * Logs {@code principal} in with {@code password}.
     *
     * @param principal {@code name@REALM}
     * @return the TGT as a credential cache image, or empty when the KDC refused the password, the principal is
     *         unknown or no KDC answered ({@code reason} receives why)
     */
    public static Optional<DelegatedCredentials> login(String principal, char[] password,
            java.util.function.Consumer<String> reason) {
        Objects.requireNonNull(principal, "principal");
        if (principal.isEmpty() || principal.indexOf('@') <= 0 || principal.endsWith("@")) {
            reason.accept("not a principal name@REALM: '" + principal + "'");
            return Optional.empty();
        }
        Subject subject = new Subject();
        try {
            LoginContext login = new LoginContext("openwinrm-password", subject, callbacks -> {
                for (Callback c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(principal);
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(c, "only a name and a password are answered");
                    }
                }
            }, CONFIGURATION);
            login.login();
            List<KerberosTicket> tickets = new ArrayList<>(subject.getPrivateCredentials(KerberosTicket.class));
            tickets.removeIf(t -> t.getEndTime() == null || t.getSessionKey() == null
                    || !t.getServer().getName().startsWith("krbtgt/"));
            if (tickets.isEmpty()) {
                reason.accept("the KDC's answer held no ticket-granting ticket");
                return Optional.empty();
            }
            KerberosTicket tgt = tickets.get(0);
            Instant end = tgt.getEndTime().toInstant();
            DelegatedCredentials credentials = new DelegatedCredentials(tgt.getClient().getName(), end,
                    CredentialCacheFile.encode(List.of(tgt)));
            for (KerberosTicket t : subject.getPrivateCredentials(KerberosTicket.class)) {
                destroyQuietly(t);
            }
            return Optional.of(credentials);
        } catch (LoginException e) {
            reason.accept("Kerberos login of " + principal + " failed: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static void destroyQuietly(KerberosTicket t) {
        try {
            t.destroy();
        } catch (javax.security.auth.DestroyFailedException e) {
            // nothing more to do: the ticket object goes with the subject
        }
    }

    /** The login module alone, told to use no cache, no keytab and to store nothing; the password comes by callback. */
    private static final Configuration CONFIGURATION = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return new AppConfigurationEntry[] {new AppConfigurationEntry(LOGIN_MODULE,
                    AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("useTicketCache", "false",
                    "useKeyTab", "false", "storeKey", "false", "doNotPrompt", "false", "refreshKrb5Config",
                    "false", "isInitiator", "true"))};
        }
    };
}
