package io.openwinrm.cli.setup;

import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.auth.account.AccountStoreException;
import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.cli.config.ServerConfigFile;
import io.openwinrm.cli.config.ServerConfigLoader;
import io.openwinrm.cli.endpoint.EndpointDirectory;
import io.openwinrm.os.PosixAccounts;
import io.openwinrm.policy.restrict.CommandRule;
import io.openwinrm.policy.restrict.RoleCapability;
import io.openwinrm.server.ServerParts;
import io.openwinrm.server.config.AuthSettings;
import io.openwinrm.server.config.ListenerSettings;
import io.openwinrm.server.config.PasswordSource;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.server.audit.TranscriptDirectory;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.transport.tls.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code openwinrm config check} (like {@code sshd -t}): everything {@code serve} would need, checked without
 * starting: the configuration file, the TLS certificate and key (readable, matching), the account store (present,
 * owner-only), the listeners' ports, and the endpoints.
 */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    /** @return one line per problem; empty when the configuration is usable */
    public static List<String> check(Path configFile, Path home) {
        List<String> problems = new ArrayList<>();
        ServerConfigFile file;
        try {
            if (!Files.exists(configFile)) {
                problems.add(configFile + ": no configuration file (the embedded defaults would be used; "
                        + "'openwinrm enable' writes one)");
            }
            file = ServerConfigFile.read(configFile, home);
        } catch (ConfigException e) {
            problems.add(e.getMessage());
            return problems;
        }
        ServerConfig config = file.server();
        listeners(config, problems);
        if (config.listeners().stream().anyMatch(ListenerSettings::https)) {
            tls(config, problems);
        }
        accounts(config.accountsFile(), problems);
        if (config.auth().certificate()) {
            Path ca = config.auth().clientCaFile();
            try {
                if (ca == null || Pem.readCertificates(ca).isEmpty()) {
                    problems.add("auth.client_ca: certificate authentication needs a CA file with a certificate");
                }
            } catch (IOException e) {
                problems.add("auth.client_ca: " + e.getMessage());
            }
        }
        passwordsAndKerberos(config, problems);
        security(file, problems);
        logAndMetrics(file, config, problems);
        endpoints(home, config, problems);
        return problems;
    }

    /**
     * What applies, for a configuration that checks out: where Basic passwords are verified, Kerberos, and CredSSP
     * (with a warning when it is on).
     */
    public static List<String> summary(Path configFile, Path home) {
        ServerConfig config;
        try {
            config = ServerConfigLoader.load(configFile, home);
        } catch (ConfigException e) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        PasswordSource source = config.auth().passwordSource();
        lines.add("Basic passwords: " + switch (source) {
            case STORE -> "the account store " + config.accountsFile();
            case PAM -> "PAM (service openwinrm: /etc/pam.d/openwinrm, else PAM's 'other')";
            case BOTH -> "PAM (service openwinrm) first, then the account store " + config.accountsFile();
        } + (config.auth().basic() ? "" : " (Basic is off)"));
        config.auth().kerberos().ifPresentOrElse(k -> lines.add("Kerberos: keytab " + k.keytab()
                + k.principal().map(p -> ", only " + p).orElse(", any service principal in it")
                + (k.realms().isEmpty() ? ", users of krb5.conf's default realm" : ", users of " + k.realms())),
                () -> lines.add("Kerberos: off (auth.kerberos)"));
        if (config.auth().credssp()) {
            lines.add("CredSSP: on, passwords checked as Basic's are; inner TLS with its own RSA certificate "
                    + ServerParts.credSspCertificate(config) + " (generated at start if missing)");
            lines.add(AuthSettings.CREDSSP_WARNING);
        } else {
            lines.add("CredSSP: off (auth.credssp)");
        }
        return lines;
    }

    private static void passwordsAndKerberos(ServerConfig config, List<String> problems) {
        if (config.auth().passwordSource().usesPam() && !io.openwinrm.common.ProcessUser.isRoot()) {
            problems.add("accounts.password_source: PAM needs the server to run as root (pam_unix reads "
                    + "/etc/shadow)" + (config.auth().passwordSource().usesStore() ? "; only the account store "
                    + "would be used" : ""));
        }
        config.auth().kerberos().ifPresent(k -> {
            if (!Files.isReadable(k.keytab())) {
                problems.add("kerberos.keytab: " + k.keytab() + " does not exist or is not readable");
            } else if (!ownerOnly(k.keytab())) {
                problems.add("kerberos.keytab: " + k.keytab() + " is readable by group or others (chmod 600)");
            }
        });
    }

    private static void listeners(ServerConfig config, List<String> problems) {
        Map<String, String> seen = new HashMap<>();
        for (ListenerSettings l : config.listeners()) {
            if (l.port() < 1) {
                problems.add("listener " + l.name() + ": port must be 1-65535 (0 picks a random port)");
                continue;
            }
            String other = seen.put(l.address() + ":" + l.port(), l.name());
            if (other != null) {
                problems.add("listener " + l.name() + ": same address and port as listener " + other);
            }
        }
    }

    private static void tls(ServerConfig config, List<String> problems) {
        Path cert = config.certificateFile();
        Path key = config.privateKeyFile();
        if (!Files.isReadable(cert) || !Files.isReadable(key)) {
            problems.add("tls: certificate " + cert + " or private key " + key + " missing or unreadable "
                    + "('openwinrm enable' or 'openwinrm serve' creates a self-signed one)");
            return;
        }
        try {
            TlsFiles.verifyPair(cert, key);
        } catch (IOException e) {
            problems.add("tls: " + e.getMessage());
            return;
        }
        if (!ownerOnly(key)) {
            problems.add("tls: " + key + " is readable by group or others (chmod 600)");
        }
    }

    private static void accounts(Path file, List<String> problems) {
        if (!Files.exists(file)) {
            problems.add("accounts: " + file + " does not exist ('openwinrm user add NAME' creates it)");
            return;
        }
        if (!ownerOnly(file)) {
            problems.add("accounts: " + file + " is readable by group or others (chmod 600)");
            return;
        }
        try {
            AccountStore.load(file);
        } catch (AccountStoreException e) {
            problems.add("accounts: " + e.getMessage());
        }
    }

    /**
     * The endpoint and role files, and what they refer to on this host: run-as accounts, the groups of temporary
     * accounts, the programs of restricted roles.
     */
    static void endpoints(Path home, ServerConfig config, List<String> problems) {
        List<Endpoint> endpoints;
        try {
            endpoints = EndpointDirectory.load(home);
        } catch (ConfigException e) {
            problems.add(e.getMessage());
            return;
        }
        PosixAccounts accounts = new PosixAccounts();
        for (Endpoint e : endpoints) {
            String where = "endpoint " + e.name() + ": ";
            if (e.runAs() instanceof RunAs.Account a && accounts.find(a.name()).isEmpty()) {
                problems.add(where + "run-as account " + a.name() + " does not exist");
            }
            if (e.runAs() instanceof RunAs.Temporary t) {
                t.groups().stream().filter(g -> PosixAccounts.groupId(g).isEmpty())
                        .forEach(g -> problems.add(where + "temporary group " + g + " does not exist"));
            }
            transcriptProblem(e, accounts.self().uid()).ifPresent(p -> problems.add(where + p));
            for (RoleCapability role : e.roleCapabilities().values()) {
                for (CommandRule rule : role.commands()) {
                    if (!Files.isRegularFile(rule.program()) || !Files.isExecutable(rule.program())) {
                        problems.add(where + "role " + role.name() + ": " + rule.program()
                                + " is not an executable file");
                    }
                }
            }
        }
    }

    /**
     * Why the endpoint's transcript directory is not safe for the server to write into as root
     * ({@link TranscriptDirectory}), if it is not.
     */
    public static Optional<String> transcriptProblem(Endpoint endpoint, int serverUid) {
        if (endpoint.transcripts().isEmpty()) {
            return Optional.empty();
        }
        try {
            TranscriptDirectory.check(endpoint.transcripts().get(), serverUid);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The {@code [security]} section. */
    static void security(ServerConfigFile file, List<String> problems) {
        try {
            file.security();
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
    }

    /** {@code [log]} and {@code [metrics]}, as serve reads them (metrics checked against the listeners). */
    static void logAndMetrics(ServerConfigFile file, ServerConfig config, List<String> problems) {
        try {
            file.log();
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        try {
            file.metrics(config.listeners());
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
    }

    private static boolean ownerOnly(Path file) {
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
                return true;
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.stream().noneMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
        } catch (IOException e) {
            return false;
        }
    }
}
