package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.testkit.OsUsers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, finding 10: run from a checkout owned by an ordinary user, {@code openwinrm enable} wrote a unit whose
 * ExecStart ran that user's jar as root, without a warning. Run as root, the real CLI jar must refuse (configuration
 * error, exit 5, naming the path) when the jar or a directory above it is writable by anyone but root, and go ahead
 * from a root-owned location.
 */
@Timeout(300)
class EnableLauncherAttackTest {

    private static final Path BUILT_JAR = Path.of("..", "cli", "target", "openwinrm.jar").toAbsolutePath().normalize();

    private OsUsers os;
    private Path rootOwned;
    private Path home;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(io.openwinrm.common.ProcessUser.isRoot(), "needs root (enable checks what root would run)");
        assumeTrue(Files.isRegularFile(BUILT_JAR), "needs the packaged CLI (mvn package): " + BUILT_JAR);
        os = new OsUsers();
        home = Files.createTempDirectory("openwinrm-enable-home-");
    }

    @AfterEach
    void tearDown() {
        if (rootOwned != null) {
            ServerProcess.deleteTree(rootOwned);
        }
        if (home != null) {
            ServerProcess.deleteTree(home);
        }
        if (os != null) {
            os.close();
        }
    }

    @Test
    void aJarAnOrdinaryUserCanReplaceIsRefused() throws Exception {
        String user = os.user(os.name("owjar"));
        Path checkout = Path.of("/home", user, "checkout");
        Files.createDirectories(checkout);
        Path jar = checkout.resolve("openwinrm.jar");
        Files.copy(BUILT_JAR, jar);
        run("chown", "-R", user + ":" + user, checkout.toString());
        Result r = enable(jar);
        assertThat(r.exit()).as(r.output()).isEqualTo(5);
        assertThat(r.output()).contains("refusing to make a root service run").contains("belongs to uid");
    }

    @Test
    void aJarInAGroupWritableDirectoryIsRefusedAndARootOwnedOneAccepted() throws Exception {
        rootOwned = Files.createTempDirectory(Path.of("/run"), "owjar-");
        Files.setPosixFilePermissions(rootOwned, PosixFilePermissions.fromString("rwxrwxr-x"));
        Path jar = rootOwned.resolve("openwinrm.jar");
        Files.copy(BUILT_JAR, jar);
        Result refused = enable(jar);
        assertThat(refused.exit()).as(refused.output()).isEqualTo(5);
        assertThat(refused.output()).contains(rootOwned + " is writable by its group");

        Files.setPosixFilePermissions(rootOwned, PosixFilePermissions.fromString("rwxr-xr-x"));
        Result accepted = enable(jar);
        assertThat(accepted.exit()).as(accepted.output()).isZero();
        assertThat(accepted.output()).contains("-jar " + jar).doesNotContain("refusing");
    }

    private record Result(int exit, String output) {
    }

    /** {@code java -jar JAR enable --dry-run}: shows the plan, changes nothing. */
    private Result enable(Path jar) throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "enable", "--dry-run", "--no-firewall", "--home", home.toString()))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static void run(String... argv) throws Exception {
        assertThat(new ProcessBuilder(argv).inheritIO().start().waitFor()).isZero();
    }
}
