package io.openwinrm.server.testing;

import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.command.ProcessSignal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real processes for server-module tests without the native launcher of server-os: {@code setsid} makes each
 * process the leader of its own group (it execs in place, so the pid is the group id); group signals go through
 * {@code kill -SIG -- -pgid}.
 */
public final class JdkProcessLauncher implements ProcessLauncher {

    @Override
    public LaunchedProcess launch(LaunchSpec spec) throws IOException {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("setsid");
        pb.command().addAll(spec.argv());
        pb.directory(spec.cwd().toFile());
        pb.environment().clear();
        pb.environment().putAll(spec.env());
        Process process = pb.start();
        return new Launched(process);
    }

    private static final class Launched implements LaunchedProcess {
        private final Process process;
        private final CompletableFuture<Integer> exit;

        Launched(Process process) {
            this.process = process;
            this.exit = process.onExit().thenApply(Process::exitValue);
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public OutputStream stdin() {
            return process.getOutputStream();
        }

        @Override
        public InputStream stdout() {
            return process.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return process.getErrorStream();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        @Override
        public void signalGroup(ProcessSignal signal) {
            String name = switch (signal) {
                case INTERRUPT -> "INT";
                case TERMINATE -> "TERM";
                case KILL -> "KILL";
                case QUIT -> "QUIT";
            };
            try {
                Process kill = new ProcessBuilder("kill", "-" + name.toUpperCase(Locale.ROOT), "--",
                        "-" + process.pid()).redirectErrorStream(true).start();
                kill.getInputStream().readAllBytes();
                kill.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void destroyGroup() {
            signalGroup(ProcessSignal.KILL);
            process.destroyForcibly();
        }
    }
}
