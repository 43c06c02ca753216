package io.openwinrm.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rows (g) and (h): the CLI as a user runs it, one JVM per command. The java command line is the launchers' (the
 * options cli/src/launcher/jvm-options.sh gives the subcommand, then {@code -jar}), against the benchmark's copy of
 * the jar and the class-data sharing archive dumped for that copy; (g) also times a plain {@code java -jar} to show
 * what the launcher's options are worth.
 */
final class CliProcesses {

    /** What one fan-out run reports (bench/fanout.sh's line). */
    record FanOut(double wallSeconds, long clientRssKib, int answered, int lines, int exitCode) {
    }

    private static final Pattern FANOUT = Pattern.compile(
            "wall=([0-9.]+) rss_kib=([0-9]+) answered=([0-9]+) lines=([0-9]+) exit=([0-9]+)");

    private final BenchOptions o;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    CliProcesses(BenchOptions o) {
        this.o = o;
    }

    /** The JVM options the launchers give {@code subcommand} (the policy script run by sh, as they run it). */
    List<String> launcherOptions(String subcommand) throws IOException, InterruptedException {
        List<String> argv = List.of("sh", "-c", ". \"$1\" && openwinrm_jvm_options \"$2\" \"$3\" \"$4\"", "options",
                o.jvmOptionsScript().toString(), subcommand,
                o.cliArchive() == null ? "" : o.cliArchive().toString(), java);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IOException("jvm-options.sh failed: " + out);
        }
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    /** {@code java OPTIONS -jar JAR ARGS}. */
    List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(java));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar", o.cliJar().toString()));
        argv.addAll(args);
        return argv;
    }

    /** {@code invoke -c HOST -a basic ... -- true} against the benchmark's HTTPS listener. */
    List<String> invokeTrue() {
        URI url = URI.create(o.winrmUrl());
        return List.of("invoke", "-c", url.toString(), "-a", "basic", "-u", o.user(), "--cert-fingerprint",
                o.fingerprint(), "--", "true");
    }

    /** Wall time of whole processes (exit 0 required), the password in the environment as a script would set it. */
    LatencyStats time(List<String> argv, int warmup, int runs) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("OPENWINRM_PASSWORD", Files.readString(o.passwordFile(), StandardCharsets.UTF_8).strip());
        List<Double> millis = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < warmup + runs; i++) {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            double ms = (System.nanoTime() - t0) / 1e6;
            if (code != 0) {
                if (i == 0) {
                    throw new IOException(String.join(" ", argv.subList(argv.indexOf("-jar") + 2, argv.size()))
                            + " exited with " + code + ": " + new String(out, StandardCharsets.UTF_8).strip());
                }
                failures++;
            } else if (i >= warmup) {
                millis.add(ms);
            }
        }
        return LatencyStats.ofMillis(millis, failures);
    }

    /** One fan-out run in a network namespace of its own (bench/fanout.sh), with the launchers' invoke options. */
    FanOut fanOut(String serverJvmOptions) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("openwinrm.bench.home", "bench")).resolve("fanout.sh")
                .toAbsolutePath();
        List<String> argv = List.of("unshare", "--net", "sh", script.toString(), java, o.cliJar().toString(),
                o.fanoutHome().toString(), o.passwordFile().toString(), Integer.toString(o.fanoutHosts()),
                Integer.toString(o.fanoutThrottle()), serverJvmOptions, String.join(" ", launcherOptions("invoke")));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        Matcher m = FANOUT.matcher(out);
        if (code != 0 || !m.find()) {
            throw new IOException("fanout.sh exited with " + code + ": " + out.strip());
        }
        return new FanOut(Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
    }
}
