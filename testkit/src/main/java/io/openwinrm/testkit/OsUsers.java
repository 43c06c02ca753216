package io.openwinrm.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real OS accounts for tests that run as root: created with useradd/groupadd under random names (so parallel and
 * crashed runs never collide), removed with every process they still own by {@link #close()}.
 */
public final class OsUsers implements AutoCloseable {

    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff), 16);
    private final List<String> users = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();

    /** A name unique to this instance: {@code prefix} (at most 8 characters) plus a random suffix. */
    public String name(String prefix) {
        return prefix + suffix;
    }

    /** Creates group {@code name}. */
    public String group(String name) throws IOException {
        run("groupadd", name);
        groups.add(name);
        return name;
    }

    /** Creates user {@code name} with a home directory and bash, member of {@code supplementary} groups. */
    public String user(String name, String... supplementary) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("useradd", "-m", "-s", "/bin/bash"));
        if (supplementary.length > 0) {
            cmd.addAll(List.of("-G", String.join(",", supplementary)));
        }
        cmd.add(name);
        run(cmd.toArray(String[]::new));
        users.add(name);
        return name;
    }

    /** Sets the system password of {@code name} with chpasswd (what PAM's pam_unix then checks). */
    public void password(String name, String password) throws IOException {
        Process p = new ProcessBuilder("chpasswd").redirectErrorStream(true).start();
        p.getOutputStream().write((name + ":" + password + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("chpasswd failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Runs an account tool (usermod -L, chage -E 0 ...). */
    public void modify(String... argv) throws IOException {
        run(argv);
    }

    /** The numeric uid of {@code name}, from id(1). */
    public static String uid(String name) throws IOException {
        return output("id", "-u", name).strip();
    }

    @Override
    public void close() {
        for (String u : users) {
            quietly("pkill", "-KILL", "-u", u);
            quietly("userdel", "-r", u);
        }
        for (String g : groups) {
            quietly("groupdel", g);
        }
    }

    private static void run(String... argv) throws IOException {
        String out = output(argv);
        if (out == null) {
            throw new IOException(String.join(" ", argv) + " failed");
        }
    }

    private static String output(String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", argv) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private static void quietly(String... argv) {
        try {
            new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            // best effort
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
