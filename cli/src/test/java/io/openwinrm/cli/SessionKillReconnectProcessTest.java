package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.cli.CliTest.Run;
import io.openwinrm.testkit.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end case with real processes: {@code openwinrm session run} (a child JVM) streams about 195 MB, is
 * killed with SIGKILL in the middle, and a new child process collects the rest. The concatenation of what the two
 * processes wrote must be exactly what the command produced.
 *
 * <p>Where the first process stops: the service drops output once it has sent it in a Receive reply, and the CLI
 * writes every chunk before asking for the next, so what the killed process wrote is everything the service no longer
 * holds — except a reply in flight at the moment of the kill, which nobody can recover. The test therefore kills the
 * client at a point where no reply can be in flight: the command pauses half way (until a marker file exists), the
 * test waits until the first process has written the whole first half (it is then in a long-poll Receive that no
 * output can complete), kills it, disconnects the orphaned shell from another process (which completes that receive
 * without consuming anything), and only then lets the command go on. The second half is produced while the shell is
 * disconnected (Block mode pauses the command on a full buffer) and after the new process connected.
 */
@Timeout(180)
class SessionKillReconnectProcessTest {

    private static final long FIRST_LAST = 12_000_000;
    private static final long LAST = 24_000_000;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.Options.defaults().operationTimeoutCap(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void killedClientLosesNothingAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        Path marker = dir.resolve("go-on");
        Path out1 = dir.resolve("out1");
        Path out2 = dir.resolve("out2");
        Path err2 = dir.resolve("err2");
        String host = "127.0.0.1:" + server.httpsEndpoint().getPort();

        Run created = CliTest.run(server.password() + "\n", "session", "new", "big", "-c", host, "--home",
                home.toString(), "-u", server.user(), "--password-stdin", "--cert-fingerprint",
                server.certificateSha256());
        assertThat(created.exit()).as(created.err()).isZero();

        String script = "seq 1 " + FIRST_LAST + "; while [ ! -e '" + marker + "' ]; do sleep 0.05; done; seq "
                + (FIRST_LAST + 1) + " " + LAST + "; echo finished 1>&2; exit 7";
        Process first = cli(home, out1, dir.resolve("err1"), "run", "big", "--", script);
        long firstHalf = seqBytes(1, FIRST_LAST);
        try {
            waitForSize(first, out1, firstHalf);
        } finally {
            first.destroyForcibly();
        }
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed, not finished").isNotZero().isNotEqualTo(7);
        assertThat(Files.size(out1)).isEqualTo(firstHalf);
        assertThat(Files.readString(home.resolve("sessions/big.toml"))).as("the command id survives the kill")
                .containsPattern("commands = \\['[0-9A-F-]{36}'\\]");

        // the killed client never disconnected: take the shell from it, then let the command go on
        Run disconnected = CliTest.run(server.password() + "\n", "session", "disconnect", "big", "--home",
                home.toString(), "-u", server.user(), "--password-stdin", "--cert-fingerprint",
                server.certificateSha256());
        assertThat(disconnected.exit()).as(disconnected.err()).isZero();
        Files.createFile(marker);

        Process second = cli(home, out2, err2, "receive", "big");
        assertThat(second.waitFor(150, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(err2)).isEqualTo(7);
        assertThat(Files.readString(err2)).isEqualTo("finished\n");

        assertThat(Files.size(out1) + Files.size(out2)).isEqualTo(seqBytes(1, LAST));
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        digestFile(got, out1);
        digestFile(got, out2);
        assertThat(HexFormat.of().formatHex(got.digest())).isEqualTo(seqSha256(LAST));
        assertThat(Files.readString(home.resolve("sessions/big.toml"))).contains("commands = []");

        Run removed = CliTest.run(server.password() + "\n", "session", "remove", "big", "--home", home.toString(),
                "-u", server.user(), "--password-stdin", "--cert-fingerprint", server.certificateSha256());
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(server.shellCount()).isZero();
    }

    /** {@code openwinrm session ARGS} in a new JVM with this test's class path; password from the environment. */
    private static Process cli(Path home, Path stdout, Path stderr, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "session"));
        int dashes = List.of(args).indexOf("--");
        cmd.addAll(List.of(args).subList(0, dashes < 0 ? args.length : dashes));
        cmd.addAll(List.of("--home", home.toString(), "-u", server.user(), "--cert-fingerprint",
                server.certificateSha256(), "--operation-timeout", "30"));
        if (dashes >= 0) {
            cmd.addAll(List.of(args).subList(dashes, args.length));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put(SecretReader.PASSWORD_ENV, server.password());
        return pb.start();
    }

    private static void waitForSize(Process p, Path file, long size) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(file) || Files.size(file) < size) {
            assertThat(p.isAlive()).as("the first client must still be running").isTrue();
            assertThat(System.nanoTime()).as("first half written in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Bytes {@code seq from to} writes. */
    static long seqBytes(long from, long to) {
        long total = 0;
        for (long lo = 1, digits = 1; lo <= to; lo *= 10, digits++) {
            long hi = Math.min(to, lo * 10 - 1);
            long start = Math.max(from, lo);
            if (start <= hi) {
                total += (hi - start + 1) * (digits + 1);
            }
        }
        return total;
    }

    private static String seqSha256(long last) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        StringBuilder sb = new StringBuilder(1 << 20);
        for (long i = 1; i <= last; i++) {
            sb.append(i).append('\n');
            if (sb.length() > (1 << 20) - 32) {
                md.update(sb.toString().getBytes(StandardCharsets.US_ASCII));
                sb.setLength(0);
            }
        }
        md.update(sb.toString().getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(md.digest());
    }

    private static void digestFile(MessageDigest md, Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
    }
}
