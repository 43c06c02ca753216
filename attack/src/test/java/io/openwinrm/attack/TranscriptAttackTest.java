package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellOptions;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.testkit.OsUsers;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, finding 7: with a transcript directory writable by a group, a member pre-created symbolic links at the
 * predictable transcript names and root appended to their targets. The server must refuse to start with such a
 * directory (as sshd's StrictModes refuses), refuse shells when the directory is opened up while it runs, never
 * follow a link at a transcript name, and name transcripts unpredictably.
 */
@Timeout(300)
class TranscriptAttackTest {

    private static final String PASSWORD = "pw-Attack-Transcript-7";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private OsUsers os;
    private String member;
    private String group;
    private Path base;
    private Path transcripts;
    private Path target;
    private ServerProcess server;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(io.openwinrm.common.ProcessUser.isRoot(), "needs root (creates OS users, runs the server "
                + "as root)");
        os = new OsUsers();
        group = os.group(os.name("owtrg"));
        member = os.user(os.name("owtrm"), group);
        base = Files.createTempDirectory(Path.of("/run"), "owtranscripts-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        transcripts = base.resolve("transcripts");
        Files.createDirectory(transcripts);
        target = base.resolve("target-owned-by-root");
        Files.writeString(target, "untouched\n");
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (base != null) {
            ServerProcess.deleteTree(base);
        }
        if (os != null) {
            os.close();
        }
    }

    private ServerProcess.Builder builder() {
        return ServerProcess.builder()
                .config("[security]\nisolation = \"on\"\n")
                .account(member, PASSWORD)
                .file("endpoints/audited.toml", "kind = \"shell\"\ntranscripts = \"" + transcripts + "\"\n"
                        + "[access]\nallow = [\"user:" + member + "\"]\n")
                .file("endpoints/cmd.toml", "kind = \"shell\"\n[access]\nallow = [\"user:" + member + "\"]\n");
    }

    @Test
    void aGroupWritableTranscriptDirectoryStopsTheServerFromStarting() throws Exception {
        groupWritable();
        ServerProcess.Builder refused = builder();
        assertThatThrownBy(refused::start).hasMessageContaining("refusing to start")
                .hasMessageContaining(transcripts.toString()).hasMessageContaining("is writable by its group");
    }

    @Test
    void aDirectoryOpenedUpWhileRunningRefusesShellsAndNoLinkIsFollowed() throws Exception {
        Files.setPosixFilePermissions(transcripts, PosixFilePermissions.fromString("rwx------"));
        server = builder().start();
        String first;
        try (Shell shell = client().openShell(endpoint(), ShellOptions.DEFAULT.withEndpoint("audited"))) {
            assertThat(shell.run("echo audited", List.of()).stdoutText()).isEqualTo("audited\n");
            first = shell.shellId();
        }
        Path file;
        try (Stream<Path> files = Files.list(transcripts)) {
            file = files.filter(f -> f.getFileName().toString().contains(first.toLowerCase()) || f.getFileName()
                    .toString().contains(first)).findFirst().orElseThrow();
        }
        assertThat(file.getFileName().toString()).as("64 random bits after the ShellId")
                .matches("\\d{8}T\\d{6}-" + member + "-[0-9A-Fa-f-]{36}-[0-9a-f]{16}\\.txt");
        assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("echo audited");

        // the operator opens the directory to the group; a member plants links at every name the old scheme used
        groupWritable();
        plantLinks(member);
        WinRmClient client = client();
        assertThatThrownBy(() -> client.openShell(endpoint(), ShellOptions.DEFAULT.withEndpoint("audited")))
                .isInstanceOf(WinRmFaultException.class).hasMessageContaining("cannot keep transcripts");
        assertThat(Files.readString(target)).isEqualTo("untouched\n");
        assertThat(client.run(endpoint(), "echo still served").stdoutText()).isEqualTo("still served\n");
    }

    /** The group may write the directory (0770, group {@link #group}). */
    private void groupWritable() throws Exception {
        new ProcessBuilder("chgrp", group, transcripts.toString()).inheritIO().start().waitFor();
        Files.setPosixFilePermissions(transcripts, PosixFilePermissions.fromString("rwxrwx---"));
    }

    /** As the member: links to the root-owned target at the predictable names of the next few seconds. */
    private void plantLinks(String user) throws Exception {
        StringBuilder script = new StringBuilder();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        for (int s = -2; s <= 10; s++) {
            script.append("ln -s ").append(target).append(' ').append(transcripts).append('/')
                    .append(FILE_TIME.format(now.plusSeconds(s))).append('-').append(user).append("-link.txt; ");
        }
        Process p = new ProcessBuilder("runuser", "-u", user, "--", "sh", "-c", script.toString()).inheritIO()
                .start();
        assertThat(p.waitFor()).isZero();
    }

    private WinRmClient client() {
        return WinRmClient.builder().credentials(Credentials.basic(member, PASSWORD.toCharArray()))
                .insecureSkipVerification(true).build();
    }

    private Endpoint endpoint() {
        return Endpoint.parse(server.https().toString(), false);
    }
}
