package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.cli.Main;
import io.openwinrm.client.Command;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.WinRmAuthenticationException;
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
    private String admin;
    private ServerProcess server;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(io.openwinrm.common.ProcessUser.isRoot(), "needs root (privilege separation)");
        os = new OsUsers();
        user = os.user(os.name("owsep"));
        admin = os.user(os.name("owsepa"), "sudo");
        server = ServerProcess.builder().config("[security]\nisolation = \"on\"\n").account(user, PASSWORD)
                .account(admin, PASSWORD).file("endpoints/cmd.toml", "kind = \"shell\"\n[access]\nallow = [\"user:"
                        + user + "\", \"administrators\"]\n")
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
    void whatAFinishedCommandLeftInItsProcessGroupDiesWithItsShellAsInOneProcess() throws Exception {
        // an administrator's commands are tracked by process group, not a control group: when the shell closes, the
        // network side aborts the command it still holds, and the monitor must still kill that command's group
        // although its leader exited long before (it used to answer "no such process" and leave the child running)
        Shell shell = client(admin).openShell(endpoint());
        Command command = shell.execute("sleep 2000 </dev/null >/dev/null 2>&1 & echo started", List.of());
        StringBuilder out = new StringBuilder();
        assertThat(command.await((stream, data) -> out.append(new String(data, StandardCharsets.UTF_8)))).isZero();
        assertThat(out).hasToString("started\n");
        assertThat(sleepers(admin)).as("the child outlives its command's exit").isEqualTo(1);
        shell.close();
        awaitSleepers(admin, 0);
        assertThat(server.log()).doesNotContain("no such process");
    }

    @Test
    void aRemovedAccountIsRefusedAtOnceAlthoughTheNetworkSideReusesBasicVerdicts() throws Exception {
        Shell shell = client().openShell(endpoint());
        for (int i = 0; i < 3; i++) { // the network side now answers these Basic requests from its reused verdict
            assertThat(shell.run("echo " + i, List.of()).stdoutText()).isEqualTo(i + "\n");
        }
        assertThat(Main.run("user", "remove", user, "--home", server.home().toString())).isZero();
        long removed = System.nanoTime();
        while (true) {
            try {
                shell.run("echo still", List.of());
            } catch (WinRmAuthenticationException refused) {
                break;
            }
            assertThat(System.nanoTime() - removed).as("the removed account is still served")
                    .isLessThan(TimeUnit.SECONDS.toNanos(5));
            Thread.sleep(20);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - removed))
                .as("ms until the old credentials were refused (the monitor checks four times a second)")
                .isLessThan(1500);
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
        awaitSleepers(user, expected);
    }

    private void awaitSleepers(String account, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int n = sleepers(account);
        while (n != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            n = sleepers(account);
        }
        assertThat(n).as("sleep 200x processes of %s", account).isEqualTo(expected);
    }

    private static int sleepers(String account) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-u", account, "-f", "^sleep 200[01]$").start();
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
        return client(user);
    }

    private static WinRmClient client(String account) {
        return WinRmClient.builder().credentials(Credentials.basic(account, PASSWORD.toCharArray()))
                .insecureSkipVerification(true).build();
    }

    private Endpoint endpoint() {
        return Endpoint.parse(server.https().toString(), false);
    }
}
