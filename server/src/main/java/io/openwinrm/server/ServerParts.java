package io.openwinrm.server;

import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.auth.account.AccountStorePasswordAuthenticator;
import io.openwinrm.auth.basic.BasicAuthMechanismFactory;
import io.openwinrm.auth.certificate.CertificateMapper;
import io.openwinrm.auth.certificate.CertificateMappingFile;
import io.openwinrm.auth.credssp.CredSspAcceptor;
import io.openwinrm.auth.credssp.CredSspAcceptorFactory;
import io.openwinrm.auth.credssp.CredSspCredentialCheck;
import io.openwinrm.auth.credssp.CredSspException;
import io.openwinrm.auth.credssp.CredSspMechanismFactory;
import io.openwinrm.auth.kerberos.KerberosAcceptor;
import io.openwinrm.auth.kerberos.KerberosException;
import io.openwinrm.auth.kerberos.KerberosMechanismFactory;
import io.openwinrm.auth.kerberos.KerberosSupport;
import io.openwinrm.auth.kerberos.PrincipalMapFile;
import io.openwinrm.auth.negotiate.NegotiateMechanismFactory;
import io.openwinrm.auth.ntlm.CbtHardening;
import io.openwinrm.auth.ntlm.NtHashLookup;
import io.openwinrm.auth.ntlm.NtlmAcceptorSettings;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.auth.spi.PasswordAuthenticator;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.audit.AuditLog;
import io.openwinrm.server.audit.DelegationAudit;
import io.openwinrm.server.audit.LocalTranscriptFiles;
import io.openwinrm.server.audit.TranscriptFiles;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.config.AuthSettings;
import io.openwinrm.server.config.KerberosSettings;
import io.openwinrm.server.config.PasswordSource;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.server.shell.ShellContextFactory;
import io.openwinrm.server.shell.ShellContexts;
import io.openwinrm.transport.tls.Pem;
import io.openwinrm.transport.tls.SelfSignedCertificates;
import io.openwinrm.transport.tls.ServerSslContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.security.auth.kerberos.KerberosPrincipal;

/**
 * The pluggable parts of a {@link WinRmServer}: who verifies credentials, who prepares shells and starts processes,
 * where transcripts go. {@link #local} has them all in this process; a privilege-separated server's network side
 * puts its monitor behind each of them.
 *
 * @param launcher     starts commands
 * @param access       endpoints, callers, the audit log
 * @param contexts     prepares each new shell (account, sandbox, policy)
 * @param mechanisms   the HTTP authentication schemes, in challenge order
 * @param certificates maps verified client certificates to users, where certificate authentication is on
 * @param transcripts  keeps transcripts
 */
public record ServerParts(ProcessLauncher launcher, AccessControl access, ShellContexts contexts,
                          List<AuthMechanismFactory> mechanisms, Optional<CertificateMapper> certificates,
                          TranscriptFiles transcripts) {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerParts.class);

    public ServerParts {
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(contexts, "contexts");
        mechanisms = List.copyOf(mechanisms);
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(transcripts, "transcripts");
    }

    /**
     * Everything in this process: NTLM and Basic against {@code accounts}, the certificate mapping file, shells
     * prepared by a {@link ShellContextFactory}, transcripts written directly.
     */
    public static ServerParts local(ServerConfig config, ProcessLauncher launcher, AccountStore accounts,
                                    AccessControl access) throws IOException {
        return local(config, launcher, accounts, access, Optional.empty());
    }

    /**
     * As {@link #local(ServerConfig, ProcessLauncher, AccountStore, AccessControl)}, with the host's own passwords
     * ({@code systemPasswords}: PAM, from the server-os module) for Basic as {@code [accounts] password_source} says.
     *
     * @throws IOException also when the password source needs PAM and none is given
     */
    public static ServerParts local(ServerConfig config, ProcessLauncher launcher, AccountStore accounts,
                                    AccessControl access, Optional<PasswordAuthenticator> systemPasswords)
            throws IOException {
        AuthSettings auth = config.auth();
        List<AuthMechanismFactory> mechanisms = new ArrayList<>();
        Optional<KerberosSupport> kerberos = auth.kerberos().isEmpty() ? Optional.empty()
                : Optional.of(kerberos(auth.kerberos().get()));
        if (auth.negotiate()) {
            CbtHardening cbt = CbtHardening.valueOf(auth.cbtHardening().toUpperCase(Locale.ROOT));
            NtlmAcceptorSettings ntlm = NtlmAcceptorSettings.of(NtHashLookup.of(accounts), machineName(), cbt);
            mechanisms.add(NegotiateMechanismFactory.negotiate(ntlm, kerberos));
            mechanisms.add(NegotiateMechanismFactory.ntlm(ntlm));
        }
        if (kerberos.isPresent()) {
            if (!auth.negotiate()) {
                mechanisms.add(NegotiateMechanismFactory.negotiate(NtlmAcceptorSettings.of(
                        NtHashLookup.exact(name -> Optional.empty()), machineName(), CbtHardening.RELAXED), kerberos));
            }
            mechanisms.add(new KerberosMechanismFactory(kerberos.get()));
        }
        if (auth.basic()) {
            mechanisms.add(new BasicAuthMechanismFactory(passwords(auth.passwordSource(), accounts, systemPasswords)));
        }
        if (auth.credssp()) {
            ensureCredSspCertificate(config);
            NtlmAcceptorSettings ntlm = NtlmAcceptorSettings.of(NtHashLookup.of(accounts), machineName(),
                    CbtHardening.RELAXED);
            CredSspCredentialCheck check = CredSspCredentialCheck.password(passwords(auth.passwordSource(), accounts,
                    systemPasswords));
            if (auth.kerberos().isPresent()) {
                check = CredSspCredentialCheck.withKerberosTicket(check, userRealm(auth.kerberos().get()),
                        LOG::info);
            }
            CredSspAcceptorFactory acceptor = credSspAcceptor(config, NegotiateMechanismFactory.negotiate(ntlm)::create,
                    check,
                    access.audit());
            mechanisms.add(new CredSspMechanismFactory(credSspTls(config), acceptor));
        }
        Optional<CertificateMapper> certificates = auth.certificate()
                ? Optional.of(new CertificateMappingFile(auth.certificateMap()).mapper()) : Optional.empty();
        ShellContextFactory contexts = new ShellContextFactory(access.callers(), launcher, access.temporaryAccounts(),
                access.hideOtherUsersProcesses());
        return new ServerParts(launcher, access, contexts, mechanisms, certificates,
                new LocalTranscriptFiles(access.callers().accounts().self().uid()));
    }

    /**
     * CredSSP's authentication half ({@link CredSspAcceptorFactory}): bound to the public key of the CredSSP
     * certificate ({@link #credSspCertificate}), {@code inner} for the SPNEGO/NTLM exchange, {@code check} for the
     * delegated password; every logon is audited ({@link DelegationAudit}). Where the credentials are judged: in one
     * process, or in the monitor.
     *
     * @throws IOException if the certificate cannot be read
     */
    public static CredSspAcceptorFactory credSspAcceptor(ServerConfig config, Supplier<AuthMechanism> inner,
                                                         CredSspCredentialCheck check, AuditLog audit)
            throws IOException {
        Path file = credSspCertificate(config);
        List<X509Certificate> chain = Pem.readCertificates(file);
        if (chain.isEmpty()) {
            throw new IOException("no certificate in " + file);
        }
        try {
            return new CredSspAcceptorFactory(CredSspAcceptor.subjectPublicKey(chain.get(0)), inner,
                    new DelegationAudit(check, audit));
        } catch (CredSspException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * CredSSP's inner TLS ([MS-CSSP] 3.1.5): a certificate of its own, RSA as CredSSP clients require and as Windows'
     * WS-Management service makes one, beside the HTTPS certificate ({@link #credSspCertificate}).
     */
    public static SSLContext credSspTls(ServerConfig config) throws IOException {
        return ServerSslContexts.jdkFromPem(credSspCertificate(config), credSspPrivateKey(config));
    }

    /** {@code credssp.crt} beside the HTTPS certificate. */
    public static Path credSspCertificate(ServerConfig config) {
        return config.certificateFile().resolveSibling("credssp.crt");
    }

    /** {@code credssp.key} beside the HTTPS certificate's key (mode 0600). */
    public static Path credSspPrivateKey(ServerConfig config) {
        return config.privateKeyFile().resolveSibling("credssp.key");
    }

    /**
     * Generates the CredSSP certificate and key ({@link SelfSignedCertificates#generateCredSsp}) unless both exist.
     *
     * @return whether they were generated
     * @throws IOException if only one exists or they cannot be written
     */
    public static boolean ensureCredSspCertificate(ServerConfig config) throws IOException {
        Path cert = credSspCertificate(config);
        Path key = credSspPrivateKey(config);
        if (Files.exists(cert) && Files.exists(key)) {
            return false;
        }
        if (Files.exists(cert) || Files.exists(key)) {
            throw new IOException("CredSSP certificate or key missing: " + cert + ", " + key
                    + " (remove the other to have both generated)");
        }
        Files.createDirectories(cert.toAbsolutePath().getParent());
        Files.createDirectories(key.toAbsolutePath().getParent());
        SelfSignedCertificates.generateCredSsp(machineName()).write(cert, key);
        return true;
    }

    /** The Basic password check {@code source} asks for: the store, PAM, or PAM and then the store. */
    static PasswordAuthenticator passwords(PasswordSource source, AccountStore accounts,
                                           Optional<PasswordAuthenticator> system) throws IOException {
        PasswordAuthenticator store = new AccountStorePasswordAuthenticator(accounts);
        if (!source.usesPam()) {
            return store;
        }
        PasswordAuthenticator pam = system.orElseThrow(() -> new IOException("accounts.password_source = \""
                + source.name().toLowerCase(Locale.ROOT) + "\" needs PAM, which needs the server to run as root"));
        if (!source.usesStore()) {
            return pam;
        }
        return (user, password, connection) -> pam.authenticate(user, password, connection)
                || store.authenticate(user, password, connection);
    }

    /**
     * The Kerberos acceptor of {@code settings}: its krb5.conf (a system property the JDK reads), the keytab, the
     * trusted realms (the default realm when none is listed) and the explicit mappings.
     *
     * @throws IOException if the keytab cannot accept or the mapping file is broken
     */
    public static KerberosSupport kerberos(KerberosSettings settings) throws IOException {
        settings.krb5Conf().ifPresent(conf -> System.setProperty("java.security.krb5.conf", conf.toString()));
        KerberosAcceptor acceptor;
        try {
            acceptor = KerberosAcceptor.fromKeytab(settings.keytab(), settings.principal());
        } catch (KerberosException e) {
            throw new IOException(e.getMessage(), e);
        }
        Set<String> realms = new HashSet<>(settings.realms());
        if (realms.isEmpty()) {
            realms.add(defaultRealm());
        }
        return new KerberosSupport(acceptor, PrincipalMapFile.watch(settings.principalMap(), realms, System::nanoTime));
    }

    /**
     * The realm of a local account's own principal: the first trusted realm, or krb5.conf's default realm when none
     * is listed (a CredSSP logon's password becomes a TGT for {@code user@} this realm). Called after
     * {@link #kerberos}, which points the JDK at the configured krb5.conf.
     */
    static String userRealm(KerberosSettings settings) throws IOException {
        return settings.realms().isEmpty() ? defaultRealm() : settings.realms().get(0);
    }

    /** krb5.conf's default realm (the configuration {@link #kerberos} pointed the JDK at). */
    private static String defaultRealm() throws IOException {
        try {
            return new KerberosPrincipal("openwinrm").getRealm();
        } catch (IllegalArgumentException e) {
            throw new IOException("kerberos.realms is empty and krb5.conf names no default realm", e);
        }
    }

    /** The host name Windows would report as the machine (NTLM target, fault detail). */
    public static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
