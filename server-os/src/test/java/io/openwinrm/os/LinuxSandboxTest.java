package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.server.command.Interpreter;
import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.command.TerminalSpec;
import io.openwinrm.server.identity.OsIdentity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Control-group sandboxes with real processes (needs root and a writable cgroup hierarchy). */
class LinuxSandboxTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");
    private static final Path MOUNT = LinuxSandbox.DEFAULT_CGROUP_MOUNT;
    /** Not the production parent, so that a server running on this host is never disturbed. */
    private static final String PARENT = "openwinrm-test";
    private static final Path TMP = Path.of("/tmp");

    private static TestUsers users;
    private static OsIdentity dave;
    private final LocalProcessLauncher launcher = new LocalProcessLauncher();

    @BeforeAll
    static void setUp() throws IOException {
        TestUsers.assumeRootWithTools();
        assumeTrue(ControlGroups.at(MOUNT, PARENT).isPresent(), "needs a cgroup hierarchy");
        users = new TestUsers();
        dave = users.user("d");
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (users != null) {
            LinuxSandbox.removeStale(MOUNT, PARENT);
            LinuxSandbox.removeStale(MOUNT.resolve("unified"), PARENT);
            for (String hierarchy : List.of("pids", "memory", "unified")) {
                Files.deleteIfExists(MOUNT.resolve(hierarchy).resolve(PARENT));
            }
            users.close();
        }
    }

    private static LinuxSandbox sandbox(String name, int processes, long memoryMb) throws IOException {
        LinuxSandbox sandbox = LinuxSandbox.create(MOUNT, PARENT, LinuxSandbox.DEFAULT_PRLIMIT, name,
                new ResourceLimits(processes, memoryMb, Optional.empty()));
        assumeTrue(sandbox.usesControlGroups(), "control groups not writable here");
        return sandbox;
    }

    private LaunchedProcess start(Sandbox sandbox, String script) throws IOException {
        return launcher.launch(new LaunchSpec(List.of("/bin/sh", "-c", script), TMP, ENV, Optional.of(dave),
                sandbox, false));
    }

    @Test
    void processLimitIsEnforcedAndReported() throws Exception {
        LinuxSandbox sandbox = sandbox("pids", 8, 0);
        try (sandbox) {
            assertThat(sandbox.limitEvents()).isZero();
            assertThat(sandbox.limitHit()).isEmpty();
            // dash gives up at the first fork the kernel refuses
            start(sandbox, "i=0; while [ $i -lt 20 ]; do sleep 30 & i=$((i+1)); done; exec sleep 30");
            assertThat(eventually(() -> sandbox.limitEvents() > 0)).isTrue();
            assertThat(sandbox.members()).isNotEmpty().hasSizeLessThanOrEqualTo(8);
            assertThat(sandbox.limitHit()).hasValue(
                    "MaxProcessesPerShell (8) was reached: the kernel refused to start a process");
        }
        assertThat(MOUNT.resolve("pids").resolve(PARENT).resolve("pids")).doesNotExist();
    }

    @Test
    void memoryLimitKillsAndIsCounted() throws Exception {
        try (LinuxSandbox sandbox = sandbox("mem", 0, 32)) {
            // the OOM killer picks tail, or now and then the shell waiting for it: 137 either way
            LaunchedProcess p = start(sandbox, "head -c 200m /dev/zero | tail >/dev/null");
            assertThat(p.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(137);
            assertThat(sandbox.limitEvents()).isPositive();
            assertThat(sandbox.limitHit()).hasValue(
                    "MaxMemoryPerShellMB (32) was exceeded: the kernel killed a process");
        }
    }

    @Test
    void memoryInUseIsWhatTheGroupAccounts() throws Exception {
        try (LinuxSandbox sandbox = sandbox("memuse", 0, 256)) {
            assertThat(sandbox.memoryBytes()).isPresent();
            // the shell holds a 40 MB string while it sleeps
            start(sandbox, "x=$(head -c 40000000 /dev/zero | tr '\\0' a); sleep 30");
            assertThat(eventually(() -> sandbox.memoryBytes().orElse(0) > 40_000_000L)).isTrue();
            assertThat(sandbox.memoryBytes().getAsLong()).isLessThan(256L * 1024 * 1024);
        }
    }

    @Test
    void killAllReachesProcessesThatLeftTheSession() throws Exception {
        LinuxSandbox sandbox = sandbox("kill", 0, 0);
        LaunchedProcess p = start(sandbox, "setsid sh -c 'echo $$; exec sleep 300' & wait");
        long escaped = Long.parseLong(new BufferedReader(new InputStreamReader(p.stdout(), StandardCharsets.UTF_8))
                .readLine());
        assertThat(ProcFs.stat(escaped).orElseThrow().session()).isNotEqualTo(p.pid());
        p.destroyGroup();
        assertThat(p.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(alive(escaped)).isTrue(); // the group kill missed it
        sandbox.killAll();
        assertThat(eventually(() -> !alive(escaped))).isTrue();
        assertThat(sandbox.members()).isEmpty();
        Path group = MOUNT.resolve("pids").resolve(PARENT).resolve("kill");
        sandbox.close();
        sandbox.close();
        assertThat(group).doesNotExist();
        assertThatThrownBy(() -> start(sandbox, "true")).hasMessageContaining("closed");
    }

    @Test
    void closeKillsEverythingAndStaleGroupsAreRemoved() throws Exception {
        LinuxSandbox left = sandbox("stale", 4, 0);
        LaunchedProcess p = start(left, "exec sleep 300");
        assertThat(eventually(() -> left.members().contains(p.pid()))).isTrue();
        assertThat(LinuxSandbox.removeStale(MOUNT, PARENT)).contains("stale");
        assertThat(p.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(MOUNT.resolve("pids").resolve(PARENT).resolve("stale")).doesNotExist();
    }

    @Test
    void fallsBackToRlimitsWithoutControlGroups(@TempDir Path noCgroups) throws Exception {
        LinuxSandbox sandbox = LinuxSandbox.create(noCgroups, PARENT, LinuxSandbox.DEFAULT_PRLIMIT, "rl",
                new ResourceLimits(50, 64, Optional.empty()));
        assertThat(sandbox.usesControlGroups()).isFalse();
        LaunchedProcess p = start(sandbox, "cat /proc/self/limits");
        String limits = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(limits).containsPattern("Max processes\\s+50\\s+50")
                .containsPattern("Max address space\\s+67108864\\s+67108864");
        assertThat(sandbox.limitEvents()).isZero();
        assertThat(sandbox.limitHit()).isEmpty();
        sandbox.close();
        assertThatThrownBy(() -> LinuxSandbox.create(noCgroups, PARENT, noCgroups.resolve("prlimit"), "rl",
                new ResourceLimits(50, 0, Optional.empty())))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot enforce");
    }

    @Test
    void unifiedHierarchyJoinsKillsAndRemoves() throws Exception {
        Path unified = MOUNT.resolve("unified");
        assumeTrue(Files.isRegularFile(unified.resolve("cgroup.controllers")), "needs a cgroup2 mount");
        LinuxSandbox sandbox = LinuxSandbox.create(unified, PARENT, LinuxSandbox.DEFAULT_PRLIMIT, "v2",
                new ResourceLimits(0, 0, Optional.empty()));
        assertThat(sandbox.usesControlGroups()).isTrue();
        LaunchedProcess p = start(sandbox, "setsid sleep 300 & exec sleep 300");
        assertThat(eventually(() -> sandbox.members().size() == 2)).isTrue();
        assertThat(sandbox.members()).contains(p.pid());
        sandbox.close();
        assertThat(p.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(unified.resolve(PARENT).resolve("v2")).doesNotExist();
        // a v2 hierarchy without the pids controller cannot enforce a process limit: rlimits stand in
        try (LinuxSandbox fallback = LinuxSandbox.create(unified, PARENT, LinuxSandbox.DEFAULT_PRLIMIT, "v2b",
                new ResourceLimits(3, 0, Optional.empty()))) {
            assumeTrue(!Files.readString(unified.resolve("cgroup.controllers")).contains("pids"));
            assertThat(fallback.usesControlGroups()).isFalse();
            assertThat(unified.resolve(PARENT).resolve("v2b")).doesNotExist();
        }
    }

    @Test
    void interpreterAndTerminalJoinTheSandbox() throws Exception {
        try (LinuxSandbox sandbox = sandbox("both", 16, 64)) {
            Interpreter shell = launcher.startInterpreter(new LaunchSpec(List.of("/bin/sh"), TMP, ENV,
                    Optional.of(dave), sandbox, false));
            LaunchedProcess tty = launcher.launchInTerminal(new LaunchSpec(List.of("sleep", "300"), TMP, ENV,
                    Optional.of(dave), sandbox, false), new TerminalSpec("xterm", 80, 24));
            assertThat(eventually(() -> sandbox.members().containsAll(List.of(shell.pid(), tty.pid())))).isTrue();
            sandbox.killAll();
            assertThat(shell.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
            assertThat(tty.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
            shell.destroy();
            tty.destroyGroup();
        }
    }

    @Test
    void rejectsNamesThatAreNotOnePathElement() {
        for (String bad : List.of("", "..", "a/b", "x y", "-a")) {
            assertThatThrownBy(() -> LinuxSandbox.create(MOUNT, PARENT, LinuxSandbox.DEFAULT_PRLIMIT, bad,
                    ResourceLimits.NONE)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static boolean alive(long pid) {
        return ProcFs.stat(pid).filter(s -> s.state() != 'Z').isPresent();
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
