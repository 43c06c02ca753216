package io.openwinrm.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Row (e): one file copied up and down, {@code openwinrm copy} (a fresh CLI JVM started as the launchers start it,
 * HTTPS + Basic, SHA-256 verified)
 * against {@code scp} (a fresh ssh, the legacy scp protocol) on the same machine in the same run. Each run is a whole
 * command, process start and authentication included; throughput is bytes over wall time.
 */
final class FileCopy {

    /** One side's wall times, up and down. */
    record Times(List<Double> upSeconds, List<Double> downSeconds) {
    }

    private final BenchOptions o;

    FileCopy(BenchOptions o) {
        this.o = o;
    }

    Times openwinrm(Path source, Path remoteDir, Path localBack, int runs) throws Exception {
        URI url = URI.create(o.winrmUrl());
        String host = url.getHost() + ":" + url.getPort();
        String password = Files.readString(o.passwordFile()).strip();
        List<String> args = List.of("copy", "--quiet", "-a", "basic", "-u", o.user(), "--password-stdin",
                "--cert-fingerprint", o.fingerprint());
        List<String> base = new ArrayList<>();
        if (o.cliJar() != null) {
            // as the launchers start it (their JVM options for copy, the class-data sharing archive)
            CliProcesses cli = new CliProcesses(o);
            base.addAll(cli.command(cli.launcherOptions("copy"), args));
        } else {
            base.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "io.openwinrm.cli.Main"));
            base.addAll(args);
        }
        Times t = new Times(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < runs; i++) {
            List<String> up = new ArrayList<>(base);
            up.addAll(List.of(source.toString(), host + ":" + remoteDir.resolve("owr.bin")));
            t.upSeconds().add(time(up, password));
            List<String> down = new ArrayList<>(base);
            down.addAll(List.of(host + ":" + remoteDir.resolve("owr.bin"), localBack.toString()));
            t.downSeconds().add(time(down, password));
        }
        return t;
    }

    Times scp(Path source, Path remoteDir, Path localBack, int runs) throws Exception {
        List<String> base = List.of("scp", "-O", "-q", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-i", o.sshKey().toString(), "-P",
                Integer.toString(o.sshPort()));
        Times t = new Times(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < runs; i++) {
            List<String> up = new ArrayList<>(base);
            up.addAll(List.of(source.toString(), o.user() + "@127.0.0.1:" + remoteDir.resolve("scp.bin")));
            t.upSeconds().add(time(up, null));
            List<String> down = new ArrayList<>(base);
            down.addAll(List.of(o.user() + "@127.0.0.1:" + remoteDir.resolve("scp.bin"), localBack.toString()));
            t.downSeconds().add(time(down, null));
        }
        return t;
    }

    private static double time(List<String> argv, String stdin) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(argv.get(argv.indexOf("copy") >= 0 ? argv.indexOf("copy") : 0) + " failed: "
                    + out.strip());
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
