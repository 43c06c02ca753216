package io.openwinrm.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a driver (or any short helper) as a subprocess with a hard deadline.
 *
 * <p>Output goes to temporary files, so a chatty process can never block on a full pipe. The child
 * gets a cleaned environment: no proxy variables, no {@code REQUESTS_CA_BUNDLE}/{@code CURL_CA_BUNDLE}
 * (they override pywinrm's certificate settings), no byte-code files written into the source tree, and
 * the password in {@code OPENWINRM_PASSWORD} when one is given. On the deadline the process and its
 * descendants are killed and {@link DriverTimeoutException} is thrown.
 */
final class DriverRunner {

    /** Environment variables removed from every child. */
    private static final List<String> DROPPED_ENV = List.of(
            "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
            "http_proxy", "https_proxy", "all_proxy", "OPENWINRM_PASSWORD");

    private DriverRunner() {
    }

    /** Starts {@code command} and waits at most {@code timeout} for it. */
    static DriverResult run(List<String> command, String password, Duration timeout)
            throws IOException, InterruptedException, DriverTimeoutException {
        return run(command, password, Map.of(), timeout);
    }

    /** Like {@link #run(List, String, Duration)} with extra environment variables (KRB5CCNAME, KRB5_CONFIG). */
    static DriverResult run(List<String> command, String password, Map<String, String> environment,
                            Duration timeout) throws IOException, InterruptedException, DriverTimeoutException {
        try (RunningDriver driver = start(command, password, environment)) {
            return driver.await(timeout);
        }
    }

    /** Starts {@code command} without waiting; the caller must {@link RunningDriver#close()} it. */
    static RunningDriver start(List<String> command, String password) throws IOException {
        return start(command, password, Map.of());
    }

    /** Like {@link #start(List, String)} with extra environment variables. */
    static RunningDriver start(List<String> command, String password, Map<String, String> environment)
            throws IOException {
        Path out = Files.createTempFile("openwinrm-driver", ".out");
        Path err = Files.createTempFile("openwinrm-driver", ".err");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        DROPPED_ENV.forEach(env::remove);
        env.put("NO_PROXY", "127.0.0.1,localhost");
        env.put("no_proxy", "127.0.0.1,localhost");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        if (password != null) {
            env.put("OPENWINRM_PASSWORD", password);
        }
        env.putAll(environment);
        try {
            return new RunningDriver(command, pb.start(), out, err, System.nanoTime());
        } catch (IOException e) {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            throw e;
        }
    }

    /** A started driver process. */
    static final class RunningDriver implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final Path out;
        private final Path err;
        private final long startNanos;

        private RunningDriver(List<String> command, Process process, Path out, Path err, long startNanos) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
            this.startNanos = startNanos;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** Waits for the exit; on timeout kills the process tree and throws. */
        DriverResult await(Duration timeout) throws IOException, InterruptedException, DriverTimeoutException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new DriverTimeoutException("driver still running after " + timeout + ", killed: "
                        + String.join(" ", command) + "\n  stderr: " + tail(read(err)));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            return new DriverResult(process.exitValue(), read(out), read(err), elapsed);
        }

        /** Kills the process tree if still running and removes the output files. */
        @Override
        public void close() throws IOException, InterruptedException {
            kill();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }

        private void kill() throws InterruptedException {
            if (!process.isAlive()) {
                return;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        private static String read(Path file) throws IOException {
            // Lenient: a stray non-UTF-8 byte must not hide the rest of the output.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        }

        private static String tail(String s) {
            return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
        }
    }

    /** The driver did not finish in time (it has been killed). */
    static final class DriverTimeoutException extends Exception {
        private static final long serialVersionUID = 1L;

        DriverTimeoutException(String message) {
            super(message);
        }
    }
}
