package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellOptions;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.testkit.OsUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, finding 6: uid 999 was reused, and the next caller's temporary account read and appended to the
 * {@code /dev/shm} files the previous one left. Two callers of a run-as-temporary endpoint, one after the other: the
 * first leaves files in every shared temporary directory and a System V shared-memory segment; the second must get a
 * different uid and see none of it, and nothing of the first may remain on the host once its shell closed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class TemporaryAccountAttackTest {

    private static final String PASSWORD = "pw-Attack-Temp-6";
    /** A name of this run's own, so that nothing another run left is mistaken for a leak. */
    private static final String LEAK = "owleak-" + Long.toHexString(System.nanoTime());
    private static final String LEAVE = "id -u; for d in /tmp /var/tmp /dev/shm /run/lock; do "
            + "echo secret >$d/" + LEAK + " && echo left $d; done; ipcmk -M 4096 >/dev/null && echo left shm";
    private static final String LOOK = "id -u; for d in /tmp /var/tmp /dev/shm /run/lock; do "
            + "cat $d/" + LEAK + " 2>/dev/null; echo x >>$d/" + LEAK + " && echo appended $d; done; "
            + "echo segments $(ipcs -m | grep -c '^0x')";

    private OsUsers os;
    private String first;
    private String second;
    private ServerProcess server;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(io.openwinrm.common.ProcessUser.isRoot(), "needs root (creates OS users and accounts)");
        os = new OsUsers();
        first = os.user(os.name("owtpa"));
        second = os.user(os.name("owtpb"));
        server = ServerProcess.builder()
                .config("[security]\nisolation = \"on\"\n")
                .account(first, PASSWORD).account(second, PASSWORD)
                .file("endpoints/tmp.toml", "kind = \"shell\"\nrun_as = \"temporary\"\n[access]\nallow = [\"user:"
                        + first + "\", \"user:" + second + "\"]\n")
                .start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (os != null) {
            os.close();
        }
    }

    @Test
    void nothingOneTemporaryAccountLeavesReachesTheNext() throws Exception {
        String firstUid;
        try (Shell shell = client(first).openShell(endpoint(), ShellOptions.DEFAULT.withEndpoint("tmp"))) {
            CommandResult left = shell.run(LEAVE, List.of());
            List<String> lines = left.stdoutText().lines().toList();
            firstUid = lines.get(0);
            assertThat(lines).as("%s", left).contains("left /tmp", "left /var/tmp", "left /dev/shm", "left shm");
        }
        awaitNoProcessesOf(firstUid);
        // a shell's resources are released after its processes are reaped, after the Delete response: the account
        // goes right after its last process (seen once in CI between the two)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.readString(Path.of("/etc/passwd")).contains(":" + firstUid + ":")
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.readString(Path.of("/etc/passwd"))).doesNotContain(":" + firstUid + ":");
        for (String dir : List.of("/tmp", "/var/tmp", "/dev/shm", "/run/lock")) {
            assertThat(Path.of(dir, LEAK)).as("the host's %s", dir).doesNotExist();
        }
        try (Shell shell = client(second).openShell(endpoint(), ShellOptions.DEFAULT.withEndpoint("tmp"))) {
            CommandResult look = shell.run(LOOK, List.of());
            List<String> lines = look.stdoutText().lines().toList();
            assertThat(lines.get(0)).as("the next account's uid").isNotEqualTo(firstUid);
            assertThat(look.stdoutText()).as("%s", look).doesNotContain("secret").contains("segments 0");
        }
    }

    private static void awaitNoProcessesOf(String uid) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder("pgrep", "-u", uid).start();
            if (p.waitFor() != 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("processes of uid " + uid + " remain after its shell closed");
    }

    private static WinRmClient client(String user) {
        return WinRmClient.builder().credentials(Credentials.basic(user, PASSWORD.toCharArray()))
                .insecureSkipVerification(true).build();
    }

    private Endpoint endpoint() {
        return Endpoint.parse(server.https().toString(), false);
    }
}
