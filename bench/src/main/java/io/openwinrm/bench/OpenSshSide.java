package io.openwinrm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OpenSSH side: the system {@code ssh} client against the benchmark's own {@code sshd} (started by
 * {@code bench/run} with throwaway keys and the login shell of root and of the ordinary account set to
 * {@code /bin/sh}), logging in as root ({@link #OpenSshSide(BenchOptions)}) or as the ordinary account
 * ({@link #ordinaryUser}).
 */
final class OpenSshSide {

    static final String GCM = "aes128-gcm@openssh.com";
    static final String CURVE25519 = "curve25519-sha256";
    private static final String HOST = "127.0.0.1";

    private final BenchOptions options;
    private final boolean hyperfine;
    private final String target;
    private final Path controlPath;

    /** As root, over {@code --control-path} for (a). */
    OpenSshSide(BenchOptions options) {
        this(options, "root", options.controlPath());
    }

    private OpenSshSide(BenchOptions options, String user, Path controlPath) {
        this.options = options;
        this.hyperfine = options.useHyperfine() && Hyperfine.available();
        this.target = user + "@" + HOST;
        this.controlPath = controlPath;
    }

    /** As {@code --ordinary-user}, over {@code --ordinary-control-path} for (a). */
    static OpenSshSide ordinaryUser(BenchOptions options) {
        if (!options.ordinaryUserRow()) {
            throw new IllegalArgumentException("no --ordinary-user given");
        }
        return new OpenSshSide(options, options.ordinaryUser(), options.ordinaryControlPath());
    }

    boolean usesHyperfine() {
        return hyperfine;
    }

    /** {@code ssh <common options> <extra> USER@127.0.0.1 <remote...>}. */
    List<String> ssh(List<String> extra, String... remote) {
        List<String> a = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o",
                "IdentityAgent=none", "-o", "LogLevel=ERROR", "-o", "UpdateHostKeys=no", "-i",
                options.sshKey().toString(), "-p", Integer.toString(options.sshPort())));
        a.addAll(extra);
        a.add(target);
        a.addAll(List.of(remote));
        return a;
    }

    /** Over the already open ControlMaster connection. */
    List<String> muxed(String... remote) {
        return ssh(List.of("-S", controlPath.toString(), "-o", "ControlMaster=no"), remote);
    }

    /**
     * Runs {@code remote} over the ControlMaster connection and returns its stdout (trimmed); for the set-up checks,
     * untimed.
     *
     * @throws IllegalStateException if ssh exits with a non-zero code
     */
    String output(String remote) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(muxed(remote)).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("ssh " + target + " '" + remote + "' exited with " + exit);
        }
        return out;
    }

    static List<String> cipher(String c) {
        return List.of("-c", c);
    }

    static List<String> kex(String k) {
        return List.of("-o", "KexAlgorithms=" + k);
    }

    /** (a)/(b): wall time of a whole {@code ssh} process, with hyperfine when installed. */
    LatencyStats latency(List<String> argv, int warmup, int runs) throws IOException, InterruptedException {
        if (hyperfine) {
            return Hyperfine.time(argv, warmup, runs, options.scratch());
        }
        List<Double> ms = new ArrayList<>(runs);
        int failures = 0;
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            int exit = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                    "/dev/null"))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
            long t1 = System.nanoTime();
            if (i >= warmup) {
                if (exit == 0) {
                    ms.add((t1 - t0) / 1e6);
                } else {
                    failures++;
                }
            }
        }
        return LatencyStats.ofMillis(ms, failures);
    }

    /** The key exchange, host key and cipher lines of {@code ssh -v} for a connection with {@code extra}. */
    String negotiated(List<String> extra) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(ssh(extra, "true"));
        argv.set(argv.indexOf("LogLevel=ERROR"), "LogLevel=DEBUG1");
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return err.lines().filter(l -> l.contains("kex: algorithm:") || l.contains("kex: host key algorithm:")
                || l.contains("kex: server->client cipher:")).map(l -> l.replaceFirst("^debug1: kex: ", ""))
                .collect(Collectors.joining("; "));
    }

    /**
     * (c): {@code ssh host head -c N /dev/zero}. A timed run sends stdout to /dev/null as the command line
     * {@code ... >/dev/null} would; with {@code verify} stdout is read here and counted instead.
     */
    ThroughputStats.Run download(long bytes, List<String> extra, boolean verify) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(ssh(extra, "head", "-c", Long.toString(bytes), "/dev/zero"))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (!verify) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Set<Long> sessions = Set.copyOf(ProcFs.descendants(options.sshdPid()));
        long sshd0 = ProcFs.treeCpu(options.sshdPid());
        long kids0 = ProcFs.cpu(ProcessHandle.current().pid()).children();
        long t0 = System.nanoTime();
        Process p = pb.start();
        long count = verify ? drain(p.getInputStream()) : bytes;
        int exit = p.waitFor();
        long t1 = System.nanoTime();
        awaitSessionsReaped(sessions);
        long sshd1 = ProcFs.treeCpu(options.sshdPid());
        long kids1 = ProcFs.cpu(ProcessHandle.current().pid()).children();
        if (exit != 0 || count != bytes) {
            throw new IllegalStateException("ssh download: exit " + exit + ", " + count + " bytes (expected " + bytes
                    + ")");
        }
        return new ThroughputStats.Run(bytes, t1 - t0, sshd1 - sshd0, kids1 - kids0);
    }

    /** (d): {@code head -c N /dev/zero | ssh host 'REMOTE'}; returns the timing and the remote output. */
    UploadResult upload(long bytes, String remoteCommand, List<String> extra) throws IOException,
            InterruptedException {
        ProcessBuilder head = new ProcessBuilder("head", "-c", Long.toString(bytes), "/dev/zero")
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        ProcessBuilder ssh = new ProcessBuilder(ssh(extra, remoteCommand))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Set<Long> sessions = Set.copyOf(ProcFs.descendants(options.sshdPid()));
        long sshd0 = ProcFs.treeCpu(options.sshdPid());
        long kids0 = ProcFs.cpu(ProcessHandle.current().pid()).children();
        long t0 = System.nanoTime();
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(head, ssh));
        String out = new String(pipeline.get(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int headExit = pipeline.get(0).waitFor();
        int sshExit = pipeline.get(1).waitFor();
        long t1 = System.nanoTime();
        awaitSessionsReaped(sessions);
        long sshd1 = ProcFs.treeCpu(options.sshdPid());
        long kids1 = ProcFs.cpu(ProcessHandle.current().pid()).children();
        if (headExit != 0 || sshExit != 0) {
            throw new IllegalStateException("ssh upload: head exit " + headExit + ", ssh exit " + sshExit);
        }
        return new UploadResult(new ThroughputStats.Run(bytes, t1 - t0, sshd1 - sshd0, kids1 - kids0),
                out);
    }

    /**
     * Waits (untimed, at most 5 s) until the per-connection sshd processes of the run just finished have exited and
     * been reaped by the listener: only then is their CPU time in the listener's cutime/cstime. The ssh client can
     * exit a little before the server side of its connection does.
     */
    private void awaitSessionsReaped(Set<Long> before) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (before.containsAll(ProcFs.descendants(options.sshdPid()))) {
                return;
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("sshd session processes still alive 5 s after the ssh client exited");
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buf = new byte[256 * 1024];
        long n = 0;
        for (int r; (r = in.read(buf)) >= 0; ) {
            n += r;
        }
        return n;
    }
}
