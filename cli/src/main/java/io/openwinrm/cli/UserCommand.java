package io.openwinrm.cli;

import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.auth.account.AccountStoreException;
import io.openwinrm.auth.account.UserNames;
import io.openwinrm.auth.certificate.CertificateMappingFile;
import io.openwinrm.auth.certificate.SubjectCertificateMapper;
import io.openwinrm.auth.kerberos.PrincipalMapFile;
import io.openwinrm.os.PosixAccounts;
import io.openwinrm.server.config.KerberosSettings;
import io.openwinrm.transport.tls.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openwinrm user add|remove|passwd|list}: the server's own account store (used by Basic authentication). */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage the accounts of this server's account store.",
        subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.Passwd.class,
                UserCommand.ListUsers.class, UserCommand.MapCert.class, UserCommand.UnmapCert.class,
                UserCommand.MapPrincipal.class, UserCommand.UnmapPrincipal.class})
final class UserCommand {

    private UserCommand() {
    }

    static AccountStore open(HomeOption home) {
        StateDirectory dir = home.resolve();
        try {
            dir.ensureExists();
            return AccountStore.load(ServerPaths.accountsFile(dir));
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
    }

    static String validName(String name) {
        if (!UserNames.isValid(name)) {
            throw new CliException(ExitCodes.USAGE, "invalid user name '" + name
                    + "': 1-64 characters, no ':', whitespace or control characters");
        }
        return name;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an account.")
    static final class Add implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Option(names = "--password-stdin", description = "Read the password from standard input.")
        boolean passwordStdin;
        @Parameters(paramLabel = "NAME", description = "Account name.")
        String name;

        @Override
        public Integer call() throws AccountStoreException {
            AccountStore store = open(home);
            validName(name);
            if (store.account(name).isPresent()) {
                throw new CliException(ExitCodes.USAGE, "account '" + name + "' already exists; use 'user passwd'");
            }
            char[] pw = SecretReader.newPassword(passwordStdin, System.in);
            try {
                store.add(name, pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
            System.out.println("added account " + name);
            PosixAccounts os = new PosixAccounts();
            if (os.canSwitchUsers() && os.find(name).isEmpty()) {
                System.out.println("note: " + name + " is not an OS account on this host; a server running as "
                        + os.self().name() + " runs commands as the caller's OS account and will refuse it "
                        + "(create it with useradd, or set [security] isolation = \"off\")");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an account.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Parameters(paramLabel = "NAME", description = "Account name.")
        String name;

        @Override
        public Integer call() throws AccountStoreException {
            if (!open(home).remove(validName(name))) {
                throw new CliException(ExitCodes.USAGE, "no account '" + name + "'");
            }
            System.out.println("removed account " + name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Change an account's password.")
    static final class Passwd implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Option(names = "--password-stdin", description = "Read the new password from standard input.")
        boolean passwordStdin;
        @Parameters(paramLabel = "NAME", description = "Account name.")
        String name;

        @Override
        public Integer call() throws AccountStoreException {
            AccountStore store = open(home);
            if (store.account(validName(name)).isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "no account '" + name + "'");
            }
            char[] pw = SecretReader.newPassword(passwordStdin, System.in);
            try {
                store.setPassword(name, pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
            System.out.println("password changed for " + name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the accounts (and certificate mappings, as 'name <- certificate key').")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @picocli.CommandLine.Option(names = "--json", description = "Print {\"accounts\": [...], "
                + "\"certificate_mappings\": [{\"account\", \"key\"}...]} as one JSON object.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if (json) {
                List<Map<String, Object>> mappings = new java.util.ArrayList<>();
                certificateMappings(home).read().forEach((key, name) -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("account", name);
                    m.put("key", key);
                    mappings.add(m);
                });
                Map<String, Object> all = new java.util.LinkedHashMap<>();
                all.put("accounts", open(home).list());
                all.put("certificate_mappings", mappings);
                JsonOutput.print(System.out, all);
                return ExitCodes.OK;
            }
            open(home).list().forEach(System.out::println);
            certificateMappings(home).read().forEach((key, name) -> System.out.println(name + " <- " + key));
            return ExitCodes.OK;
        }
    }

    static CertificateMappingFile certificateMappings(HomeOption home) {
        StateDirectory dir = home.resolve();
        return new CertificateMappingFile(ServerPaths.config(dir, null).auth().certificateMap());
    }

    @Command(name = "map-cert", mixinStandardHelpOptions = true,
            description = "Map a client certificate to an account (certificate authentication).")
    static final class MapCert implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Parameters(paramLabel = "NAME", description = "Account name.")
        String name;
        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Key key;

        static final class Key {
            @Option(names = "--cert", paramLabel = "PEM",
                    description = "Map this certificate: by its UPN (or e-mail) SAN, else by its subject.")
            Path cert;
            @Option(names = "--upn", paramLabel = "UPN", description = "Map certificates with this UPN SAN.")
            String upn;
            @Option(names = "--subject", paramLabel = "DN", description = "Map certificates with this subject DN.")
            String subject;
        }

        @Override
        public Integer call() throws IOException {
            AccountStore store = open(home);
            if (store.account(validName(name)).isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "no account '" + name + "'");
            }
            String k = key.upn != null ? key.upn : key.subject != null ? key.subject : keyOf(key.cert);
            try {
                certificateMappings(home).map(name, k);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
            System.out.println(name + " <- " + k);
            return ExitCodes.OK;
        }

        private static String keyOf(Path pem) throws IOException {
            List<X509Certificate> chain;
            try {
                chain = Pem.readCertificates(pem);
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read certificate " + pem + ": " + e.getMessage());
            }
            if (chain.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "no certificate in " + pem);
            }
            List<String> upns = SubjectCertificateMapper.upns(chain.get(0));
            return upns.isEmpty() ? chain.get(0).getSubjectX500Principal().getName() : upns.get(0);
        }
    }

    @Command(name = "unmap-cert", mixinStandardHelpOptions = true,
            description = "Remove certificate mappings: one key, or every mapping of an account.")
    static final class UnmapCert implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Parameters(paramLabel = "KEY_OR_NAME", description = "A mapped key, or an account name.")
        String keyOrName;

        @Override
        public Integer call() throws IOException {
            int n = certificateMappings(home).unmap(keyOrName);
            if (n == 0) {
                throw new CliException(ExitCodes.USAGE, "no certificate mapping for '" + keyOrName + "'");
            }
            System.out.println("removed " + n + " mapping" + (n == 1 ? "" : "s"));
            return ExitCodes.OK;
        }
    }

    /** The principal mapping file the server reads: kerberos.principal_map, else HOME/principal-mappings. */
    static Path principalMappings(HomeOption home) {
        StateDirectory dir = home.resolve();
        return ServerPaths.config(dir, null).auth().kerberos().map(KerberosSettings::principalMap)
                .orElse(dir.root().resolve("principal-mappings"));
    }

    @Command(name = "map-principal", mixinStandardHelpOptions = true,
            description = "Let a Kerberos principal from another realm, or an instance (alice/admin@REALM), log in as "
                    + "an account. Users of the trusted realms need no mapping. The server picks it up within a "
                    + "second.")
    static final class MapPrincipal implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Parameters(index = "0", paramLabel = "NAME", description = "Account name (an OS account as root).")
        String name;
        @Parameters(index = "1", paramLabel = "PRINCIPAL", description = "Kerberos principal, name@REALM.")
        String principal;

        @Override
        public Integer call() throws IOException {
            try {
                PrincipalMapFile.map(principalMappings(home), principal, validName(name));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
            System.out.println(name + " <- " + principal);
            return ExitCodes.OK;
        }
    }

    @Command(name = "unmap-principal", mixinStandardHelpOptions = true,
            description = "Remove principal mappings: one principal, or every mapping to an account.")
    static final class UnmapPrincipal implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Parameters(paramLabel = "PRINCIPAL_OR_NAME", description = "A mapped principal, or an account name.")
        String principalOrName;

        @Override
        public Integer call() throws IOException {
            int n = PrincipalMapFile.unmap(principalMappings(home), principalOrName);
            if (n == 0) {
                throw new CliException(ExitCodes.USAGE, "no principal mapping for '" + principalOrName + "'");
            }
            System.out.println("removed " + n + " mapping" + (n == 1 ? "" : "s"));
            return ExitCodes.OK;
        }
    }
}
