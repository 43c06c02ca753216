package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.os.ServerInstance;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.testkit.OsUsers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17: a compromised network service. The monitor is started as {@code serve} starts it, but the program it
 * starts as the network side (as the service account, without capabilities) is {@link RogueNetworkSide}, which speaks
 * the monitor protocol directly: forged session and shell handles, a launch that claims root, setpriv to uid 0,
 * {@code LD_PRELOAD} for a run-as account, a restricted endpoint's forbidden command, an endpoint that refuses the
 * user, garbage, a request before Hello and an absurd count. Each must be refused (and logged), nothing must start,
 * and what is allowed runs as the authenticated user only.
 */
@Timeout(180)
class PrivilegeSeparationTest {

    private static final String PASSWORD = "pw-Privsep-17";

    private OsUsers os;
    private String user;
    private String service;
    private Path home;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(io.openwinrm.common.ProcessUser.isRoot(), "needs root (the monitor switches accounts)");
        os = new OsUsers();
        user = os.user(os.name("owpsu"));
        service = os.user(os.name("owpss"));
        home = Files.createTempDirectory("openwinrm-privsep-test-");
        write("openwinrm.toml", "[security]\nisolation = \"on\"\n");
        String allow = "[access]\nallow = [\"user:" + user + "\"]\n";
        write("endpoints/cmd.toml", "kind = \"shell\"\n" + allow);
        write("endpoints/svc.toml", "kind = \"shell\"\nrun_as = \"account:" + service + "\"\n" + allow);
        write("endpoints/closed.toml", "kind = \"shell\"\n[access]\nallow = [\"administrators\"]\n");
        write("endpoints/jea.toml", "kind = \"restricted\"\n" + allow + "[[role]]\nprincipal = \"user:" + user
                + "\"\ncapabilities = [\"ids\"]\n");
        write("roles/ids.toml", "[[command]]\nprogram = \"/usr/bin/id\"\nany_arguments = true\n");
        write("endpoints/ps.toml", "kind = \"powershell\"\npwsh = \"/usr/bin/id\"\n" + allow);
        AccountStore.load(home.resolve("accounts")).add(user, PASSWORD.toCharArray());
        for (String marker : List.of("forged", "preload", "jea", "pwsh")) {
            Files.deleteIfExists(Path.of("/tmp/owrogue-" + marker));
        }
    }

    @AfterEach
    void tearDown() {
        if (os != null) {
            os.close();
        }
        if (home != null) {
            ServerProcessFiles.deleteTree(home);
        }
    }

    @Test
    void aCompromisedNetworkServiceCannotMakeTheMonitorRunAnythingElse() throws Exception {
        StateDirectory dir = new StateDirectory(home);
        ServerConfig config = ServerPaths.config(dir, null);
        TlsMaterial.ensure(config, line -> { });
        ServerInstance instance = ServerInstance.of(home);
        AccessControl access = ServerSecurity.load(dir,
                io.openwinrm.cli.config.ServerConfigFile.read(dir.configFile(), dir.root()).security(), instance,
                line -> { });
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(log, err), true, StandardCharsets.UTF_8));
        try {
            SeparatedServer.run(dir, dir.configFile(), config, AccountStore.load(home.resolve("accounts")), access,
                    instance, List.of(RogueNetworkSide.class.getName(), user, PASSWORD), List.of());
        } finally {
            System.setErr(err);
        }
        List<String> results = Files.readAllLines(Path.of("/run/openwinrm/privsep-" + instance.tag(), "network",
                "results.txt"));
        String uid = OsUsers.uid(user);
        assertThat(results).containsSubsequence(
                "hello: HelloReply",
                "forged session: refused NOT_FOUND",
                "forged shell: refused NOT_FOUND",
                "forged can-enter: refused NOT_FOUND",
                "right password: AuthSuccess",
                "shell runs as: " + user,
                "claiming root: " + uid,
                "run-as shell runs as: " + service,
                "LD_PRELOAD for the run-as account: refused ACCESS_DENIED",
                "restricted, not allowed: refused ACCESS_DENIED",
                "restricted, allowed: " + uid,
                "powershell, not pwsh -s: refused ACCESS_DENIED",
                "refused endpoint: refused ACCESS_DENIED");
        assertThat(results).anyMatch(r -> r.startsWith("wrong password: refused ("));
        assertThat(results).anyMatch(r -> r.startsWith("setpriv to uid 0: ") && r.contains("not permitted")
                && !r.endsWith(" 0"));
        for (String marker : List.of("forged", "preload", "jea", "pwsh")) {
            assertThat(Path.of("/tmp/owrogue-" + marker)).as("started by a refused request").doesNotExist();
        }
        String monitorLog = log.toString(StandardCharsets.UTF_8);
        assertThat(monitorLog.split("refused an oversized message", -1)).as("too many descriptors, too many bytes")
                .hasSize(3);
        assertThat(monitorLog).contains("refused OpenShell before Hello", "refused a malformed message",
                "refused an oversized message",
                "no such session", "do not allow", "dynamic-loader variables", "does not admit",
                "a powershell endpoint runs only [/usr/bin/id, -NoLogo, -NoProfile, -s]");
    }

    private void write(String relative, String text) throws Exception {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }

    /** Deletes a test directory. */
    private static final class ServerProcessFiles {
        static void deleteTree(Path root) {
            try (var s = Files.walk(root)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ignored) {
                // best effort
            }
        }
    }
}
