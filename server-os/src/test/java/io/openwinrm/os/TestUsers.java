package io.openwinrm.os;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.server.identity.OsIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Creates and always deletes throw-away accounts ({@code owtest...}) for tests that run as root. */
final class TestUsers implements AutoCloseable {

    private final String tag = Long.toString(ProcessHandle.current().pid() % 100000, 36);
    private final List<String> users = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();

    /** Skips the calling test class unless it runs as root with useradd, setpriv and setsid. */
    static void assumeRootWithTools() {
        assumeTrue(LibC.INSTANCE.geteuid() == 0, "needs root");
        for (String tool : List.of("/usr/sbin/useradd", "/usr/sbin/userdel", "/usr/sbin/groupadd",
                "/usr/sbin/groupdel", "/usr/bin/setpriv", "/usr/bin/setsid")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), "needs " + tool);
        }
    }

    /** A group named {@code owtest<tag><suffix>}. */
    String group(String suffix) throws IOException {
        String name = "owtest" + tag + suffix;
        run("/usr/sbin/groupdel", name);
        run("/usr/sbin/groupadd", name);
        groups.add(name);
        return name;
    }

    /** An account named {@code owtest<tag><suffix>} in {@code extraGroups}, shell /bin/sh, home /tmp. */
    OsIdentity user(String suffix, String... extraGroups) throws IOException {
        String name = "owtest" + tag + suffix;
        run("/usr/sbin/userdel", name);
        List<String> command = new ArrayList<>(List.of("/usr/sbin/useradd", "--no-create-home", "--user-group",
                "--shell", "/bin/sh", "--home-dir", "/tmp"));
        if (extraGroups.length > 0) {
            command.add("--groups");
            command.add(String.join(",", extraGroups));
        }
        command.add(name);
        users.add(name);
        if (run(command.toArray(String[]::new)) != 0) {
            throw new IOException("useradd " + name + " failed");
        }
        return PosixAccounts.lookup(name).orElseThrow();
    }

    @Override
    public void close() throws IOException {
        for (String user : users) {
            PosixAccounts.lookup(user).ifPresent(id -> LinuxTemporaryAccounts.killProcessesOf(id.uid()));
            run("/usr/sbin/userdel", user);
        }
        for (String group : groups) {
            run("/usr/sbin/groupdel", group);
        }
    }

    static int run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command[0] + " hangs");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return process.exitValue();
    }

    /** Whether /etc/passwd has a line for {@code name}. */
    static boolean inPasswd(String name) throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8).stream()
                .anyMatch(line -> line.startsWith(name + ":"));
    }
}
