package io.openwinrm.cli;

import io.openwinrm.cli.config.ClientConfigFile;
import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.TrustedHosts;
import io.openwinrm.client.WinRmClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Connection and credential options shared by the client commands. */
final class ClientOptions {

    /** Authentication mechanisms the client offers. */
    enum Auth { negotiate, kerberos, basic, certificate, credssp }

    @Option(names = {"-a", "--auth"}, defaultValue = "negotiate", paramLabel = "MECHANISM",
            description = "negotiate (Kerberos for a user@REALM name on a host with a Kerberos configuration, NTLM "
                    + "otherwise or when Kerberos fails; messages encrypted on HTTP), kerberos (a ticket from the credential "
                    + "cache, --keytab or --password-stdin; encrypted on HTTP; the server is proven, so no "
                    + "TrustedHosts entry is needed), basic (HTTPS only), certificate (HTTPS, with "
                    + "--client-cert/--client-key) or credssp (hands the host your password, for the second hop; "
                    + "needs --allow-delegate-credentials). Default: ${DEFAULT-VALUE}.")
    Auth auth;

    @Option(names = "--spn", paramLabel = "PRINCIPAL", description = "Kerberos service principal to ask a ticket "
            + "for (default: HTTP/<host>).")
    String spn;

    @Option(names = "--keytab", paramLabel = "FILE", description = "Kerberos: log in with this keytab instead of "
            + "the credential cache (--user names the principal).")
    Path keytab;

    @Option(names = "--delegate", description = "Kerberos: forward your ticket-granting ticket to the host, so that "
            + "commands there can authenticate onward as you (the second hop). The host can then use it for anything "
            + "you may reach until it expires: use it only with hosts you trust that far. Needs a forwardable ticket "
            + "(kinit -f).")
    boolean delegate;

    @Option(names = "--allow-delegate-credentials", description = "Allow --auth credssp: the host receives your "
            + "password and can act as you anywhere until you change it (the AllowFreshCredentials policy of Windows "
            + "clients). Only for hosts you trust that far; the host must be proven first (HTTPS with a verified "
            + "certificate, or a TrustedHosts entry over HTTP).")
    boolean allowDelegateCredentials;

    @Option(names = "--client-cert", paramLabel = "PEM", description = "Client certificate for --auth certificate.")
    Path clientCert;

    @Option(names = "--client-key", paramLabel = "PEM", description = "Its private key (unencrypted PEM).")
    Path clientKey;

    @Mixin
    HomeOption home;

    @Option(names = {"-u", "--user"}, description = "User name (default: $OPENWINRM_USER, else your login name).")
    String user;

    @Option(names = "--password-stdin", description = "Read the password from standard input (else "
            + "$OPENWINRM_PASSWORD, else a prompt).")
    boolean passwordStdin;

    @Option(names = "--http", description = "Use plain HTTP (port 5985) for hosts given without a URL.")
    boolean http;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust the CA or server certificates in this PEM "
            + "file.")
    Path caFile;

    @Option(names = "--cert-fingerprint", paramLabel = "SHA256", description = "Accept only the server certificate "
            + "with this SHA-256 fingerprint (as printed by 'openwinrm serve').")
    String fingerprint;

    @Option(names = "--insecure", description = "Do not verify the server certificate (dangerous: credentials "
            + "can be stolen).")
    boolean insecure;

    @Option(names = "--operation-timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "How long the service may hold a Receive (default: ${DEFAULT-VALUE}).")
    int operationTimeoutSeconds;

    String effectiveUser() {
        if (user != null && !user.isBlank()) {
            return user;
        }
        String env = System.getenv("OPENWINRM_USER");
        return env != null && !env.isBlank() ? env : System.getProperty("user.name");
    }

    WinRmClient buildClient() {
        if (operationTimeoutSeconds < 1 || operationTimeoutSeconds > 3600) {
            throw new CliException(ExitCodes.USAGE, "--operation-timeout must be between 1 and 3600 seconds");
        }
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new CliException(ExitCodes.USAGE, "cannot read --ca-file " + caFile);
        }
        if (insecure) {
            System.err.println("openwinrm: warning: --insecure: the server's identity is not verified");
        }
        ClientConfigFile.Settings settings;
        TrustedHosts trusted;
        try {
            settings = ClientConfigFile.read(home.resolve().clientFile());
            trusted = settings.trustedHosts();
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
        Credentials credentials;
        char[] pw = new char[0];
        if (auth != Auth.kerberos && (spn != null || keytab != null || delegate)) {
            throw new CliException(ExitCodes.USAGE, "--spn, --keytab and --delegate need --auth kerberos");
        }
        TrustedHosts credSspHosts;
        try {
            credSspHosts = allowDelegateCredentials ? TrustedHosts.parse("*") : settings.credSspHosts();
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
        if (auth == Auth.credssp && credSspHosts.patterns().isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "--auth credssp hands the host your password: give "
                    + "--allow-delegate-credentials, or list the hosts in allow_credssp in the client settings, to "
                    + "allow it (prefer --auth kerberos --delegate, which hands over a ticket that expires)");
        }
        if (allowDelegateCredentials && auth != Auth.credssp) {
            throw new CliException(ExitCodes.USAGE, "--allow-delegate-credentials goes with --auth credssp");
        }
        if (auth == Auth.certificate) {
            if (clientCert == null || clientKey == null) {
                throw new CliException(ExitCodes.USAGE, "--auth certificate needs --client-cert and --client-key");
            }
            credentials = Credentials.certificate(clientCert, clientKey);
        } else if (auth == Auth.kerberos) {
            if (keytab != null && !Files.isReadable(keytab)) {
                throw new CliException(ExitCodes.USAGE, "cannot read --keytab " + keytab);
            }
            Optional<String> principal = user == null || user.isBlank() ? Optional.empty() : Optional.of(user);
            boolean withPassword = keytab == null && (passwordStdin || System.getenv("OPENWINRM_PASSWORD") != null);
            if (withPassword) {
                pw = SecretReader.password(passwordStdin, "Password for " + principal.orElse(effectiveUser()) + ": ",
                        System.in);
            }
            credentials = Credentials.kerberos(principal.or(() -> withPassword ? Optional.of(effectiveUser())
                            : Optional.empty()), Optional.ofNullable(keytab),
                    withPassword ? Optional.of(pw) : Optional.empty(), Optional.ofNullable(spn), delegate);
        } else {
            String u = effectiveUser();
            pw = SecretReader.password(passwordStdin, "Password for " + u + ": ", System.in);
            credentials = switch (auth) {
                case basic -> Credentials.basic(u, pw);
                case credssp -> Credentials.credSsp(u, pw);
                default -> Credentials.negotiate(u, pw);
            };
        }
        try {
            return WinRmClient.builder()
                    .credentials(credentials)
                    .trustedHosts(trusted)
                    .allowCredSspTo(credSspHosts)
                    .trustCertificates(caFile)
                    .pinCertificateSha256(fingerprint)
                    .insecureSkipVerification(insecure)
                    .operationTimeout(Duration.ofSeconds(operationTimeoutSeconds))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }
}
