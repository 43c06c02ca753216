package io.openwinrm.auth.credssp;

import io.openwinrm.auth.kerberos.KerberosPasswordLogin;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.DelegatedCredentials;
import io.openwinrm.auth.spi.PasswordAuthenticator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The last CredSSP step's policy ([MS-CSSP] 3.1.5, step 5): the delegated TSPasswordCreds are accepted only if they
 * name the user the inner SPNEGO/NTLM exchange authenticated and their password is right. A one-process server checks
 * here ({@link #password}); a privilege-separated one asks its monitor.
 *
 * <p>Implementations must be thread-safe, may block briefly (PAM), must not keep or log the password, and must not
 * close {@code credentials} (the mechanism does, right after the call).
 */
@FunctionalInterface
public interface CredSspCredentialCheck {

    /** The mechanism name a CredSSP logon reports ({@link AuthenticatedUser#mechanism()}). */
    String MECHANISM = "CredSSP";

    /**
     * @param inner       the inner authentication's success (its user, monitor session, security context)
     * @param credentials the decrypted credentials; open for the duration of the call
     * @param connection  the connection
     * @return {@link AuthStep.Success} with the user to log on (no security context: the mechanism adds the TLS
     *         one), or {@link AuthStep.Failure} with a log-safe reason
     */
    AuthStep verify(AuthStep.Success inner, TsPasswordCredentials credentials, ConnectionInfo connection);

    /** Checks the password with {@code passwords} (the account store, or PAM when running as root). */
    static CredSspCredentialCheck password(PasswordAuthenticator passwords) {
        return (inner, credentials, connection) -> {
            AuthenticatedUser user = inner.user();
            Optional<String> claimed = Optional.of(credentials.userName());
            if (!sameUser(user.name(), credentials.userName())) {
                return new AuthStep.Failure("CredSSP credentials name '" + credentials.userName()
                        + "', not the authenticated user '" + user.name() + "'", claimed);
            }
            if (!passwords.authenticate(user.name(), credentials.password(), connection)) {
                return new AuthStep.Failure("CredSSP delegated password rejected", Optional.of(user.name()));
            }
            return new AuthStep.Success(new AuthenticatedUser(user.name(), MECHANISM, user.domain(), user.groups(),
                    user.monitorSession()), Optional.empty());
        };
    }

    /**
     * {@code check}, and after its success a ticket-granting ticket for {@code user@realm} obtained with the delegated
     * password ({@link KerberosPasswordLogin}, an AS exchange with the realm's KDC): the logon then carries it as
     * delegated credentials, which a shell running as the user gets as its private credential cache
     * ({@code KRB5CCNAME}), so commands there authenticate onward with Kerberos, as after Kerberos delegation. A KDC
     * that refuses (the account's Kerberos password differs, no KDC answers) costs only that second hop: the logon
     * stands, and {@code note} says why there is no ticket.
     *
     * @param realm the realm of the user's principal (the first of the server's trusted realms)
     */
    static CredSspCredentialCheck withKerberosTicket(CredSspCredentialCheck check, String realm,
            Consumer<String> note) {
        return (inner, credentials, connection) -> {
            AuthStep step = check.verify(inner, credentials, connection);
            if (!(step instanceof AuthStep.Success success)) {
                return step;
            }
            AuthenticatedUser user = success.user();
            Optional<DelegatedCredentials> tgt = KerberosPasswordLogin.login(user.name() + "@" + realm,
                    credentials.password(), reason -> note.accept("CredSSP logon of " + user.name()
                            + " has no Kerberos ticket for the second hop: " + reason));
            if (tgt.isEmpty()) {
                return step;
            }
            return new AuthStep.Success(new AuthenticatedUser(user.name(), user.mechanism(), user.domain(),
                    user.groups(), user.monitorSession(), tgt), success.securityContext(), success.replyToken());
        };
    }

    /**
     * Whether the TSPasswordCreds user name (possibly {@code DOMAIN&#92;user} or {@code user@domain}, as clients write
     * it) is the authenticated account, compared without case as NTLM compares user names ([MS-NLMP] 3.3.2).
     */
    static boolean sameUser(String authenticated, String credentialUser) {
        String name = credentialUser;
        int backslash = name.lastIndexOf('\\');
        if (backslash >= 0) {
            name = name.substring(backslash + 1);
        }
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        return !name.isEmpty() && name.toLowerCase(Locale.ROOT).equals(authenticated.toLowerCase(Locale.ROOT));
    }
}
