package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.testkit.OsUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, finding 11: SIGKILL of the server left an ordinary user's {@code sleep 1000} running, and a restarted server
 * did not reap it. Here an isolated user starts a command and a daemon that left its process group and session
 * ({@code setsid}); the server is SIGKILLed. Every one of them must be gone within seconds (the shell's supervisor
 * kills its control group when the server's end of its pipe closes). If the supervisors die with the server too (a
 * kill of everything), the next server start must reap what is left.
 */
@Timeout(300)
class ServerCrashAttackTest {

    private static final String PASSWORD = "pw-Attack-Crash-11";
    private static final Duration GONE_WITHIN = Duration.ofSeconds(15);

    private OsUsers os;
    private String user;
    private ServerProcess.Builder builder;
    private final List<ServerProcess> servers = new ArrayList<>();

    @BeforeEach
    void users() throws Exception {
        assumeTrue(io.openwinrm.common.ProcessUser.isRoot(), "needs root (creates OS users, runs the server "
                + "as root)");
        os = new OsUsers();
        user = os.user(os.name("owcrs"));
        builder = ServerProcess.builder()
                .config("[security]\nisolation = \"on\"\n")
                .account(user, PASSWORD)
                .file("endpoints/cmd.toml", "kind = \"shell\"\n[access]\nallow = [\"user:" + user + "\"]\n");
    }

    @AfterEach
    void stop() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
        if (os != null) {
            os.close();
        }
    }

    @Test
    void aKilledServerLeavesNoProcessOfItsShells() throws Exception {
        ServerProcess server = start();
        startSleepers(server);
        server.kill();
        awaitNoSleepers();
        ServerProcess again = start();
        assertThat(run(again, "id -un")).as("the next server serves").isEqualTo(user + "\n");
    }

    @Test
    void theNextServerReapsWhatAKillOfEverythingLeft() throws Exception {
        ServerProcess server = start();
        startSleepers(server);
        List<ProcessHandle> supervisors = ProcessHandle.of(server.pid()).orElseThrow().children()
                .filter(p -> p.info().commandLine().orElse("").contains("supervisor")).toList();
        assertThat(supervisors).as("one supervisor per shell").isNotEmpty();
        supervisors.forEach(ProcessHandle::destroyForcibly);
        server.kill();
        Thread.sleep(500);
        assertThat(sleepers()).as("the test really left processes behind").isNotEmpty();
        ServerProcess again = start();
        awaitNoSleepers();
        assertThat(again.log()).contains("removed control groups left by an earlier run");
        assertThat(run(again, "id -un")).isEqualTo(user + "\n");
    }

    private ServerProcess start() {
        ServerProcess server = builder.start();
        servers.add(server);
        return server;
    }

    /** A command ({@code sleep 1000}) and a daemon that left its group and session ({@code sleep 1001}). */
    private void startSleepers(ServerProcess server) throws Exception {
        WinRmClient client = client();
        Shell shell = client.openShell(endpoint(server));
        shell.execute("setsid sleep 1001 </dev/null >/dev/null 2>&1 & exec sleep 1000", List.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sleepers().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sleepers()).as("both sleepers run as %s", user).hasSize(2);
    }

    private void awaitNoSleepers() throws Exception {
        long deadline = System.nanoTime() + GONE_WITHIN.toNanos();
        while (!sleepers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sleepers()).as("processes of the user's shell after the server died").isEmpty();
    }

    /** Live {@code sleep 100x} processes of the user, from /proc. */
    private List<String> sleepers() throws IOException {
        String uid = OsUsers.uid(user);
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    String status = Files.readString(dir.resolve("status"));
                    String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ').strip();
                    boolean mine = status.lines().anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1]
                            .equals(uid));
                    boolean zombie = status.lines().anyMatch(l -> l.startsWith("State:") && l.contains("Z"));
                    if (mine && !zombie && cmdline.matches("sleep 100[01]")) {
                        found.add(dir.getFileName() + " " + cmdline);
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        }
        return found;
    }

    private String run(ServerProcess server, String command) {
        CommandResult r = client().run(endpoint(server), command);
        return r.stdoutText();
    }

    private WinRmClient client() {
        return WinRmClient.builder().credentials(Credentials.basic(user, PASSWORD.toCharArray()))
                .insecureSkipVerification(true).build();
    }

    private static Endpoint endpoint(ServerProcess server) {
        return Endpoint.parse(server.https().toString(), false);
    }
}
