package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.cli.CliTest.Run;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openwinrm copy} against a real server (its commands run here, so the "remote" side is a directory of this
 * machine): files both ways byte for byte, names the shell must not interpret, directories with -r, modes and times
 * with -p, several sources into a directory, the -c form, and clear errors for missing and unwritable paths without a
 * half-written file anywhere.
 */
@Timeout(120)
class CopyCommandTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Run copy(String... args) {
        List<String> all = new ArrayList<>(List.of("copy", "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256()));
        all.addAll(List.of(args));
        return CliTest.run(server.password() + "\n", all.toArray(String[]::new));
    }

    private static String host() {
        return "127.0.0.1:" + server.httpsEndpoint().getPort();
    }

    @Test
    void aFileGoesUpAndComesBackByteForByte(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("data.bin");
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        Files.write(local, data);
        Path remoteDir = Files.createDirectory(dir.resolve("there"));
        String odd = "it's a \"name\" $(touch pwned) `x` ;&.bin";
        Run up = copy(local.toString(), host() + ":" + remoteDir.resolve(odd));
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(Files.readAllBytes(remoteDir.resolve(odd))).isEqualTo(data);
        assertThat(dir.resolve("pwned")).doesNotExist();
        try (Stream<Path> left = Files.list(remoteDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(odd);
        }

        Path back = dir.resolve("back.bin");
        Run down = copy(host() + ":" + remoteDir.resolve(odd), back.toString());
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(sha(Files.readAllBytes(back))).isEqualTo(sha(data));
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("openwinrm-copy"));
        }
    }

    /** A file large enough to travel in parts through several shells at once (see PartsTest), odd length, both ways. */
    @Test
    void aLargeFileTravelsInPartsAndArrivesWhole(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("large.bin");
        byte[] data = new byte[(25 << 20) + 12_345];
        new Random(11).nextBytes(data);
        Files.write(local, data);
        Path remoteDir = Files.createDirectory(dir.resolve("there"));
        Run up = copy(local.toString(), host() + ":" + remoteDir.resolve("large $name.bin"));
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(sha(Files.readAllBytes(remoteDir.resolve("large $name.bin")))).isEqualTo(sha(data));
        try (Stream<Path> left = Files.list(remoteDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("large $name.bin");
        }

        Path back = Files.createDirectory(dir.resolve("back"));
        Run down = copy(host() + ":" + remoteDir.resolve("large $name.bin"), back.toString());
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(sha(Files.readAllBytes(back.resolve("large $name.bin")))).isEqualTo(sha(data));
        try (Stream<Path> left = Files.list(back)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("large $name.bin");
        }
    }

    /** Copy-Item -ToSession/-FromSession: through a persistent session's shell, which stays usable afterwards. */
    @Test
    void throughAPersistentSession(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        List<String> auth = List.of("--home", home.toString(), "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256());
        Run created = CliTest.run(server.password() + "\n", concat(List.of("session", "new", "files", "-c", host()),
                auth));
        assertThat(created.exit()).as(created.err()).isZero();
        Path local = dir.resolve("big.bin");
        byte[] data = new byte[(20 << 20) + 3];
        new Random(5).nextBytes(data);
        Files.write(local, data);
        Path remoteDir = Files.createDirectory(dir.resolve("there"));
        Run up = CliTest.run(server.password() + "\n", concat(List.of("copy", "--session", "files",
                local.toString(), ":" + remoteDir), auth));
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(sha(Files.readAllBytes(remoteDir.resolve("big.bin")))).isEqualTo(sha(data));
        Path back = dir.resolve("back.bin");
        Run down = CliTest.run(server.password() + "\n", concat(List.of("copy", "--session", "files",
                ":" + remoteDir.resolve("big.bin"), back.toString()), auth));
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(sha(Files.readAllBytes(back))).isEqualTo(sha(data));
        Run after = CliTest.run(server.password() + "\n", concat(List.of("session", "run", "files"), auth,
                List.of("--", "echo", "still-there")));
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(after.out()).contains("still-there");

        Run both = CliTest.run(server.password() + "\n", concat(List.of("copy", "--session", "files", "-c", host(),
                local.toString(), ":/tmp/x"), auth));
        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("--session names the host");
        Run missing = CliTest.run(server.password() + "\n", concat(List.of("copy", "--session", "nope",
                local.toString(), ":/tmp/x"), auth));
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("nope").doesNotContain("Exception");
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all.toArray(String[]::new);
    }

    @Test
    void directoriesWithModesAndTimes(@TempDir Path dir) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(dir.resolve("tree/a.txt"), "alpha\n");
        Path script = Files.writeString(tree.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(script, FileTime.fromMillis(1_600_000_000_000L));
        Path remote = Files.createDirectory(dir.resolve("remote"));

        Run noR = copy(dir.resolve("tree").toString(), host() + ":" + remote);
        assertThat(noR.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(noR.err()).contains("is a directory (use -r)");

        Run up = copy("-r", "-p", dir.resolve("tree").toString(), host() + ":" + remote);
        assertThat(up.exit()).as(up.err()).isZero();
        Path copied = remote.resolve("tree/sub/run.sh");
        assertThat(Files.readString(copied)).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copied))).isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(copied).toMillis()).isEqualTo(1_600_000_000_000L);
        assertThat(Files.readString(remote.resolve("tree/a.txt"))).isEqualTo("alpha\n");

        Path local = Files.createDirectory(dir.resolve("local"));
        Run down = copy("-r", "-p", "-c", server.httpsEndpoint().toString(), ":" + remote.resolve("tree"),
                local.toString());
        assertThat(down.exit()).as(down.err()).isZero();
        Path got = local.resolve("tree/sub/run.sh");
        assertThat(Files.readString(got)).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(got))).isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(got).toMillis()).isEqualTo(1_600_000_000_000L);
    }

    @Test
    void severalSourcesIntoADirectory(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "A");
        Path b = Files.writeString(dir.resolve("b"), "B");
        Path remote = Files.createDirectory(dir.resolve("r"));
        Run up = copy(a.toString(), b.toString(), host() + ":" + remote);
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(Files.readString(remote.resolve("a"))).isEqualTo("A");
        assertThat(Files.readString(remote.resolve("b"))).isEqualTo("B");
    }

    @Test
    void missingAndUnwritablePathsAreClearErrors(@TempDir Path dir) throws Exception {
        Run missingLocal = copy(dir.resolve("nope").toString(), host() + ":" + dir);
        assertThat(missingLocal.exit()).as(missingLocal.err()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(missingLocal.err()).contains("nope: no such file").doesNotContain("Exception");

        Run missingRemote = copy(host() + ":" + dir.resolve("absent"), dir.resolve("x").toString());
        assertThat(missingRemote.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(missingRemote.err()).contains("absent: no such file or directory on the host");
        assertThat(dir.resolve("x")).doesNotExist();

        Path file = Files.writeString(dir.resolve("f"), "data");
        Run noDir = copy(file.toString(), host() + ":" + dir.resolve("no/such/dir/f"));
        assertThat(noDir.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(noDir.err()).contains("cannot write it on the host");

        Run both = copy(file.toString(), dir.resolve("g").toString());
        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("are both local");
    }

    private static String sha(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
