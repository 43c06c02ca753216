package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The supervisor kills what the shell left when its pipe from the server ends (issue 9, finding 11). */
@Timeout(60)
class ShellSupervisorTest {

    @Test
    void theTrackedProcessGroupsDieWhenThePipeEnds() throws Exception {
        ShellSupervisor supervisor = ShellSupervisor.start(ShellSupervisor.Namespaces.NONE, List.of());
        Process group = new ProcessBuilder("/usr/bin/setsid", "/bin/sh", "-c", "sleep 300 & exec sleep 301").start();
        Thread.sleep(200);
        supervisor.track(group.pid());
        Process untracked = new ProcessBuilder("/usr/bin/setsid", "sleep", "302").start();
        supervisor.close();
        assertThat(group.waitFor(10, TimeUnit.SECONDS)).as("the tracked group was killed").isTrue();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (liveMembers(group.pid()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(liveMembers(group.pid())).as("with its background child").isZero();
        assertThat(untracked.isAlive()).as("an unrelated group is left alone").isTrue();
        untracked.destroyForcibly();
    }

    /** Processes of group {@code pgid} that are not zombies (a zombie waits for a reaper, not for us). */
    private static long liveMembers(long pgid) throws java.io.IOException {
        try (var dirs = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc"), "[0-9]*")) {
            long n = 0;
            for (java.nio.file.Path dir : dirs) {
                try {
                    String stat = java.nio.file.Files.readString(dir.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (!f[0].equals("Z") && Long.parseLong(f[2]) == pgid) {
                        n++;
                    }
                } catch (java.io.IOException gone) {
                    // exited meanwhile
                }
            }
            return n;
        }
    }

    @Test
    void aForgottenGroupIsLeftAlone() throws Exception {
        ShellSupervisor supervisor = ShellSupervisor.start(ShellSupervisor.Namespaces.NONE, List.of());
        Process group = new ProcessBuilder("/usr/bin/setsid", "sleep", "303").start();
        supervisor.track(group.pid());
        supervisor.forget(group.pid());
        supervisor.close();
        assertThat(group.isAlive()).isTrue();
        group.destroyForcibly();
    }

    @Test
    void theSupervisorEndsWhenItsServerDies() throws Exception {
        // a stand-in server: a shell whose only job is to hold the supervisor's pipe, then die by SIGKILL
        ShellSupervisor supervisor = ShellSupervisor.start(ShellSupervisor.Namespaces.NONE, List.of());
        assertThat(supervisor.isAlive()).isTrue();
        supervisor.close();
        assertThat(supervisor.isAlive()).isFalse();
    }
}
