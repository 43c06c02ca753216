package io.openwinrm.cli.setup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The live system commands setup uses (systemctl, nft, getent/groupadd). Only called when the {@link Target} is
 * live. Tests substitute their own.
 */
public interface Host {

    /** Result of one command: exit status and combined output. */
    record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code argv}; a command that cannot be started exits 127. */
    Result run(List<String> argv) throws SetupException;

    /** Whether PID 1 is systemd ({@code sd_booted(3)}: {@code /run/systemd/system} exists). */
    boolean systemdRunning();

    /** Whether an executable named {@code name} is on the search path (or in /usr/sbin, /sbin). */
    boolean hasCommand(String name);

    /** The real host. */
    static Host live() {
        return new Host() {
            @Override
            public Result run(List<String> argv) throws SetupException {
                try {
                    Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
                    byte[] out = p.getInputStream().readAllBytes();
                    if (!p.waitFor(60, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        throw new SetupException(String.join(" ", argv) + ": timed out");
                    }
                    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
                } catch (IOException e) {
                    return new Result(127, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SetupException(String.join(" ", argv) + ": interrupted");
                }
            }

            @Override
            public boolean systemdRunning() {
                return Files.isDirectory(Path.of("/run/systemd/system"));
            }

            @Override
            public boolean hasCommand(String name) {
                String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
                for (String dir : path.split(":")) {
                    if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                        return true;
                    }
                }
                return false;
            }
        };
    }
}
