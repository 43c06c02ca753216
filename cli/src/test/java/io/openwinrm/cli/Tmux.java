package io.openwinrm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A detached tmux session on a private server socket, for driving a terminal program from a test: type with
 * {@link #sendKeys}, read the screen with {@link #screen()}. Every wait is bounded; {@link #close()} kills the server.
 */
final class Tmux implements AutoCloseable {

    private final String socket = "owr-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String session = "t";

    /** Whether a tmux binary is on the PATH. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code sh script} in a new session of {@code columns} x {@code rows}. */
    Tmux(Path script, int columns, int rows) throws IOException {
        run("-f", "/dev/null", "new-session", "-d", "-s", session, "-x", Integer.toString(columns), "-y",
                Integer.toString(rows), "sh " + script, ";", "set-option", "-t", session, "window-size", "manual");
    }

    /** {@code tmux send-keys}: literal text with {@code -l}, else key names such as {@code Enter}, {@code C-c}. */
    void sendKeys(String... keys) throws IOException {
        List<String> a = new ArrayList<>(List.of("send-keys", "-t", session));
        a.addAll(List.of(keys));
        run(a.toArray(String[]::new));
    }

    /** Types {@code text} literally and presses Enter. */
    void typeLine(String text) throws IOException {
        run("send-keys", "-t", session, "-l", text);
        run("send-keys", "-t", session, "Enter");
    }

    void resize(int columns, int rows) throws IOException {
        run("resize-window", "-t", session, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /** Waits until the script's program has ended and returns its exit status; fails after {@code seconds}. */
    static int waitForExit(Path exitFile, double seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (!Files.exists(exitFile)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the program did not end within " + seconds + " s");
            }
            Thread.sleep(50);
        }
        return Integer.parseInt(Files.readString(exitFile).strip());
    }

    /** The visible screen, one string per row, trailing blanks removed. */
    String screen() throws IOException {
        return run("capture-pane", "-p", "-t", session);
    }

    /** Polls the screen until {@code condition} holds; fails with the screen after {@code seconds}. */
    String waitFor(String what, double seconds, Predicate<String> condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        String s = "";
        while (System.nanoTime() < deadline) {
            s = screen();
            if (condition.test(s)) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what + "; screen:\n" + s);
    }

    private String run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("tmux " + String.join(" ", args) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true).start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no server left to kill
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes a script that runs {@code command} with {@code env} ({@code NAME=value}) exported and then writes its
     * exit status to {@code exitFile}. The script itself survives the Ctrl-C typed for the program (a trap that is
     * reset to the default in the program, unlike an ignored signal).
     */
    static Path script(Path dir, List<String> command, List<String> env, Path exitFile) throws IOException {
        StringBuilder sb = new StringBuilder("trap true INT QUIT\n");
        for (String e : env) {
            sb.append("export ").append(quote(e)).append('\n');
        }
        for (String c : command) {
            sb.append(quote(c)).append(' ');
        }
        String tmp = quote(exitFile + ".tmp");
        sb.append("\necho $? > ").append(tmp).append(" && mv ").append(tmp).append(' ')
                .append(quote(exitFile.toString())).append('\n');
        Path p = dir.resolve("run-" + UUID.randomUUID() + ".sh");
        Files.writeString(p, sb.toString());
        return p;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
