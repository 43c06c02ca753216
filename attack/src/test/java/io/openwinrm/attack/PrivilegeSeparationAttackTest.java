package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.testkit.OsUsers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17 against a real {@code openwinrm serve} run as root: the process that listens runs as the unprivileged
 * service account with no capabilities and {@code no_new_privs}, and cannot read the account store; a legitimate
 * client is served through it; killing the network service ends the monitor and every process of its shells;
 * killing the monitor makes the network service say so and stop taking sessions.
 */
@Timeout(300)
class PrivilegeSeparationAttackTest {

    private static final String PASSWORD = "pw-Attack-Privsep-17";

    private OsUsers os;
    private String user;
    private ServerProcess server;

    @BeforeEach
    void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (privilege separation)");
        os = new OsUsers();
        user = os.user(os.name("owsep"));
        server = ServerProcess.builder().config("[security]\nisolation = \"on\"\n").account(user, PASSWORD)
                .file("endpoints/cmd.toml", "kind = \"shell\"\n[access]\nallow = [\"user:" + user + "\"]\n")
                .start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (os != null) {
            os.close();
        }
    }

    @Test
    void theListeningProcessRunsUnprivilegedAndCannotReadTheAccountStore() throws Exception {
        long network = server.networkPid();
        assertThat(network).as("a network service apart from the monitor").isNotEqualTo(server.pid());
        Map<String, String> status = status(network);
        String serviceUid = OsUsers.uid("openwinrm");
        assertThat(status.get("Uid")).isEqualTo(String.join("\t", serviceUid, serviceUid, serviceUid, serviceUid));
        assertThat(status.get("CapEff")).isEqualTo("0000000000000000");
        assertThat(status.get("CapPrm")).isEqualTo("0000000000000000");
        assertThat(status.get("CapBnd")).isEqualTo("0000000000000000");
        assertThat(status.get("NoNewPrivs")).isEqualTo("1");
        assertThat(listeners(network)).as("the HTTPS port is the network service's")
                .contains(server.https().getPort());
        assertThat(listeners(server.pid())).as("the monitor listens on nothing").isEmpty();
        Process cat = new ProcessBuilder("/usr/bin/setpriv", "--reuid=" + serviceUid, "--regid=" + serviceUid,
                "--clear-groups", "--", "/bin/cat", server.home().resolve("accounts").toString())
                .redirectErrorStream(true).start();
        String out = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cat.waitFor()).as(out).isNotZero();
        assertThat(out).contains("Permission denied");
        assertThat(client().run(endpoint(), "id -un").stdoutText()).isEqualTo(user + "\n");
    }

    @Test
    void killingTheNetworkServiceEndsTheMonitorAndEveryShellProcess() throws Exception {
        Shell shell = client().openShell(endpoint());
        shell.execute("setsid sleep 2001 </dev/null >/dev/null 2>&1 & exec sleep 2000", List.of());
        awaitSleepers(2);
        ProcessHandle.of(server.networkPid()).orElseThrow().destroyForcibly();
        assertThat(ProcessHandle.of(server.pid()).orElseThrow().onExit().get(30, TimeUnit.SECONDS))
                .as("the monitor stops").isNotNull();
        awaitSleepers(0);
        assertThat(server.log()).contains("the network service exited");
    }

    @Test
    void killingTheMonitorMakesTheNetworkServiceStopAndSaySo() throws Exception {
        long network = server.networkPid();
        ProcessHandle.of(server.pid()).orElseThrow().destroyForcibly();
        assertThat(ProcessHandle.of(network).orElseThrow().onExit().get(30, TimeUnit.SECONDS)).isNotNull();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.log().contains("the monitor has gone") && System.nanoTime() < deadline) {
            Thread.sleep(100); // the log is read from the pipe the two shared
        }
        assertThat(server.log()).contains("the monitor has gone: this network service takes no new sessions");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.https().getPort()), 2000);
            throw new AssertionError("a connection was accepted after the monitor died");
        } catch (IOException refused) {
            // no listener any more
        }
    }

    private void awaitSleepers(int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int n = sleepers();
        while (n != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            n = sleepers();
        }
        assertThat(n).as("sleep 200x processes of %s", user).isEqualTo(expected);
    }

    private int sleepers() throws Exception {
        Process p = new ProcessBuilder("pgrep", "-u", user, "-f", "^sleep 200[01]$").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out.isEmpty() ? 0 : out.split("\n").length;
    }

    private static Map<String, String> status(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.indexOf(':') > 0)
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')), l -> l.substring(l.indexOf(':') + 1)
                        .strip(), (a, b) -> a));
    }

    /** The TCP ports {@code pid} listens on (its socket inodes matched against /proc/net/tcp{,6}). */
    private static List<Integer> listeners(long pid) throws IOException {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        List<Integer> ports = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] f = line.strip().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    private WinRmClient client() {
        return WinRmClient.builder().credentials(Credentials.basic(user, PASSWORD.toCharArray()))
                .insecureSkipVerification(true).build();
    }

    private Endpoint endpoint() {
        return Endpoint.parse(server.https().toString(), false);
    }
}
