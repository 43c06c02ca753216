package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessSignal;
import io.openwinrm.server.command.TerminalSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalProcessLauncherTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin");
    private final LocalProcessLauncher launcher = new LocalProcessLauncher();

    @Test
    void processLeadsItsOwnSessionAndGroup(@TempDir Path dir) throws Exception {
        LaunchedProcess process = launcher.launch(
                new LaunchSpec(List.of("/bin/sh", "-c", "echo ready; exec sleep 30"), dir, ENV));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            ProcFs.Stat stat = ProcFs.stat(process.pid()).orElseThrow();
            assertThat(stat.pgrp()).isEqualTo(process.pid());
            assertThat(stat.session()).isEqualTo(process.pid());
            assertThat(ProcFs.stat(ProcessHandle.current().pid()).orElseThrow().pgrp()).isNotEqualTo(process.pid());
        } finally {
            process.destroyGroup();
        }
        assertThat(process.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 255})
    void reportsExactExitCodes(int code, @TempDir Path dir) throws Exception {
        LaunchedProcess process = launcher.launch(new LaunchSpec(List.of("sh", "-c", "exit " + code), dir, ENV));
        assertThat(process.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(code);
    }

    @Test
    void deathBySigtermIs143(@TempDir Path dir) throws Exception {
        LaunchedProcess process = launcher.launch(new LaunchSpec(List.of("sleep", "30"), dir, ENV));
        process.signalGroup(ProcessSignal.TERMINATE);
        assertThat(process.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(143);
    }

    /**
     * The attack on group signals: a command's leader exits and is reaped, its number is recycled for a stranger that
     * calls {@code setsid} (root forces the recycling through {@code ns_last_pid}), and then the shell is closed. The
     * group kill (the session scan, in a terminal) must spare the stranger's group; before the check it was killed.
     */
    @ParameterizedTest(name = "in a terminal: {0}")
    @ValueSource(booleans = {false, true})
    void groupSignalsAfterTheLeaderWasReapedSpareTheNextOwnerOfItsNumber(boolean terminal, @TempDir Path dir)
            throws Exception {
        Path lastPid = Path.of("/proc/sys/kernel/ns_last_pid");
        Assumptions.assumeTrue(Files.isWritable(lastPid), "recycling a pid on purpose needs root");
        LaunchSpec spec = new LaunchSpec(List.of("true"), dir, ENV);
        LaunchedProcess reaped = terminal
                ? launcher.launchInTerminal(spec, new TerminalSpec("xterm", 80, 24)) : launcher.launch(spec);
        assertThat(reaped.onExit().get(5, TimeUnit.SECONDS)).isZero();
        long number = reaped.pid();
        Process stranger = null;
        for (int attempt = 0; attempt < 100 && stranger == null; attempt++) {
            Files.writeString(lastPid, Long.toString(number - 1));
            Process p = new ProcessBuilder("setsid", "sleep", "60").start();
            if (p.pid() == number) {
                stranger = p;
            } else {
                p.destroyForcibly().waitFor();
            }
        }
        Assumptions.assumeTrue(stranger != null, "another process kept taking the number");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ProcFs.stat(number).map(ProcFs.Stat::pgrp).orElse(0L) != number && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(ProcFs.stat(number).orElseThrow().pgrp()).as("the stranger leads group %d", number)
                    .isEqualTo(number);
            reaped.signalGroup(ProcessSignal.TERMINATE);
            reaped.destroyGroup();
            assertThat(stranger.waitFor(300, TimeUnit.MILLISECONDS)).as("the stranger was signalled").isFalse();
        } finally {
            stranger.destroyForcibly().waitFor();
        }
    }

    @Test
    void missingProgramIsNoSuchFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> launcher.launch(new LaunchSpec(List.of("no-such-program-4711"), dir, ENV)))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> launcher.launch(new LaunchSpec(List.of("./nope"), dir, ENV)))
                .isInstanceOf(NoSuchFileException.class);
        Path notExecutable = Files.writeString(dir.resolve("script"), "#!/bin/sh\necho hi\n");
        assertThatThrownBy(() -> launcher.launch(new LaunchSpec(List.of("./script"), dir, ENV)))
                .isInstanceOf(NoSuchFileException.class);
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rwx------"));
        LaunchedProcess process = launcher.launch(new LaunchSpec(List.of("./script"), dir, ENV));
        assertThat(new String(process.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(process.onExit().get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void refusesToStartWithoutSetsid(@TempDir Path dir) {
        assertThatThrownBy(() -> new LocalProcessLauncher(dir.resolve("setsid")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setsid");
    }

    @Test
    void resolvesOnTheLaunchEnvironmentsPath(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("mytool"), "#!/bin/sh\necho tool\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        assertThat(LocalProcessLauncher.resolve("mytool", "/nonexistent:" + bin, dir)).isEqualTo(tool.toString());
        assertThatThrownBy(() -> LocalProcessLauncher.resolve("mytool", "/usr/bin", dir))
                .isInstanceOf(NoSuchFileException.class);
    }
}
