package io.openwinrm.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command of the test machine and keeps its exit code and output (stdout and stderr together). */
final class Commands {

    record Result(List<String> argv, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The output, or an assertion error that shows the command and what it printed. */
        String expectOk() {
            if (!ok()) {
                throw new AssertionError(String.join(" ", argv) + " exited with " + exitCode + ":\n" + output);
            }
            return output;
        }
    }

    private Commands() {
    }

    static Result run(List<String> argv) {
        return run(argv, Map.of(), 300);
    }

    static Result run(List<String> argv, Map<String, String> env, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("openwinrm-cmd", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                                "/dev/null")));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    return new Result(argv, -1, "timed out after " + timeoutSeconds + " s\n"
                            + Files.readString(out, StandardCharsets.UTF_8));
                }
                return new Result(argv, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(argv, -1, "cannot run: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(argv, -1, "interrupted");
        }
    }

    /** Whether an executable of this name is on the PATH. */
    static boolean exists(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
