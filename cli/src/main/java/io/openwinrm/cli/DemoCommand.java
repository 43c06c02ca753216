package io.openwinrm.cli;

import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.os.LocalProcessLauncher;
import io.openwinrm.server.WinRmServer;
import io.openwinrm.server.config.ListenerSettings;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.cli.config.ServerConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code openwinrm demo}: the quick start in one command. Starts a server on the embedded defaults (loopback, an
 * ephemeral HTTPS port, a freshly generated self-signed certificate, a throwaway account) in a temporary state
 * directory, runs a command through the client with the certificate pinned by fingerprint, prints what came back,
 * and removes everything again.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local server on the embedded defaults and run a command through it.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--keep", description = "Keep the temporary state directory.")
    boolean keep;

    @Parameters(arity = "0..*", paramLabel = "COMMAND",
            description = "Command line to run (default: a short self-introduction).")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        Path home = Files.createTempDirectory("openwinrm-demo-");
        try {
            String commandLine = command == null || command.isEmpty()
                    ? "echo \"Hello from $(id -un)@$(hostname) via OpenWinRM\"; uname -sr"
                    : String.join(" ", command);
            ServerConfig defaults = ServerConfigLoader.defaults(home);
            ServerConfig config = defaults.withListeners(List.of(new ListenerSettings("https", "127.0.0.1", 0,
                    true, false)));
            String fingerprint = TlsMaterial.ensure(config, line -> System.out.println("demo: " + line));
            System.out.println("demo: certificate SHA-256 " + fingerprint);
            char[] password = randomPassword();
            AccountStore accounts = AccountStore.load(config.accountsFile());
            accounts.add("demo", password);
            try (WinRmServer server = WinRmServer.start(config, new LocalProcessLauncher(),
                    accounts)) {
                String url = server.listener(true).url();
                System.out.println("demo: server listening on " + url);
                WinRmClient client = WinRmClient.builder()
                        .credentials(Credentials.negotiate("demo", password))
                        .pinCertificateSha256(fingerprint)
                        .build();
                System.out.println("demo: running: " + commandLine);
                CommandResult result;
                try (Shell shell = client.openShell(Endpoint.parse(url, false))) {
                    result = shell.run(commandLine, List.of());
                }
                System.out.print(result.stdoutText());
                System.err.print(result.stderrText());
                System.out.println("demo: exit code " + result.exitCode());
                return result.exitCode();
            }
        } finally {
            if (keep) {
                System.out.println("demo: state kept in " + home);
            } else {
                deleteTree(home);
            }
        }
    }

    private static char[] randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).toCharArray();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // best effort: a temporary directory
        }
    }
}
