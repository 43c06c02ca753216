package io.openwinrm.server.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.server.command.CommandSpec;
import io.openwinrm.server.command.ProcessSignal;
import io.openwinrm.server.command.RunningCommand;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.shell.InvalidArgumentException.Parameter;
import io.openwinrm.server.testing.FakeLauncher;
import io.openwinrm.server.testing.FakeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellManagerTest {

    private ScheduledExecutorService scheduler;
    private FakeLauncher launcher;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ShellListener recorder = new ShellListener() {
        @Override
        public void shellCreated(Shell shell) {
            events.add("created " + shell.id());
        }

        @Override
        public void commandExited(Shell shell, RunningCommand command, int exitCode, long out, long err) {
            events.add("exited " + exitCode);
        }

        @Override
        public void shellClosed(Shell shell, CloseReason reason) {
            events.add("closed " + shell.id() + " " + reason);
        }
    };

    @BeforeEach
    void setUp() {
        scheduler = Executors.newScheduledThreadPool(2);
        launcher = new FakeLauncher();
    }

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
    }

    private ShellManager manager(ShellLimits limits) {
        return ShellManager.builder(launcher, scheduler).limits(limits).listener(recorder).build();
    }

    @Test
    void createsShellsWithUppercaseGuidsAndFindsThemForTheirOwnerOnly() {
        try (ShellManager manager = manager(ShellLimits.DEFAULTS)) {
            Shell shell = manager.create("alice", ShellSpec.defaults());
            assertThat(shell.id()).matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");
            assertThat(shell.state()).isEqualTo(ShellState.ACTIVE);
            assertThat(shell.idleTimeout()).isEqualTo(Duration.ofSeconds(7200));
            assertThat(manager.get("alice", shell.id())).isSameAs(shell);
            assertThat(manager.get("alice", shell.id().toLowerCase())).isSameAs(shell);
            assertThat(manager.list("alice")).containsExactly(shell);
            assertThat(manager.list("bob")).isEmpty();
            assertThat(events).containsExactly("created " + shell.id());
        }
    }

    @Test
    void anotherOwnersShellLooksExactlyLikeAnUnknownOne() {
        try (ShellManager manager = manager(ShellLimits.DEFAULTS)) {
            Shell shell = manager.create("alice", ShellSpec.defaults());
            String unknown = "0B2C4D6E-0000-4000-8000-000000000000";
            Throwable foreign = catchShellNotFound(() -> manager.get("bob", shell.id()));
            Throwable missing = catchShellNotFound(() -> manager.get("bob", unknown));
            assertThat(foreign.getMessage()).isEqualTo(missing.getMessage().replace(unknown, shell.id()));
            assertThatThrownBy(() -> manager.delete("bob", shell.id())).isInstanceOf(ShellNotFoundException.class);
            assertThatThrownBy(() -> manager.get("alice", "not-a-guid")).isInstanceOf(ShellNotFoundException.class);
            assertThat(manager.get("alice", shell.id())).isSameAs(shell); // bob's delete did nothing
        }
    }

    @Test
    void clientSuppliedShellIdIsAcceptedOncePerOwnerAndMustBeAGuid() {
        try (ShellManager manager = manager(ShellLimits.DEFAULTS)) {
            String id = "a1b2c3d4-e5f6-4711-8899-aabbccddeeff";
            Shell shell = manager.create("alice", ShellSpec.defaults().withShellId(id));
            assertThat(shell.id()).isEqualTo(id.toUpperCase());
            assertThatThrownBy(() -> manager.create("alice", ShellSpec.defaults().withShellId(id.toUpperCase())))
                    .isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.parameter()).isEqualTo(Parameter.SHELL_ID));
            assertThatThrownBy(() -> manager.create("alice", ShellSpec.defaults().withShellId("{" + id + "}")))
                    .isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.parameter()).isEqualTo(Parameter.SHELL_ID));
        }
    }

    @Test
    void twoOwnersUseTheSameShellIdIndependentlyAndNeitherLearnsOfTheOther() {
        try (ShellManager manager = manager(ShellLimits.DEFAULTS)) {
            String id = "A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF";
            Shell alices = manager.create("alice", ShellSpec.defaults().withShellId(id));
            Shell bobs = manager.create("bob", ShellSpec.defaults().withShellId(id.toLowerCase()));
            assertThat(bobs).isNotSameAs(alices);
            assertThat(bobs.id()).isEqualTo(alices.id()).isEqualTo(id);
            assertThat(manager.get("alice", id)).isSameAs(alices);
            assertThat(manager.get("bob", id)).isSameAs(bobs);
            assertThat(manager.list("bob")).containsExactly(bobs);
            assertThat(manager.size()).isEqualTo(2);

            manager.delete("bob", id);
            assertThat(manager.get("alice", id)).isSameAs(alices);
            assertThat(alices.state()).isEqualTo(ShellState.ACTIVE);
            assertThatThrownBy(() -> manager.get("bob", id)).isInstanceOf(ShellNotFoundException.class);
            assertThat(events).containsExactly("created " + id, "created " + id, "closed " + id + " DELETED");
        }
    }

    @Test
    void onlyTheOwnersShellsRouteAnUnregisteredEndpointsUri() {
        try (ShellManager manager = manager(ShellLimits.DEFAULTS)) {
            manager.create("alice", ShellSpec.defaults());
            String cmd = io.openwinrm.protocol.wsman.ResourceUris.CMD_SHELL;
            assertThat(manager.anyShellAnswers("alice", cmd)).isTrue();
            assertThat(manager.anyShellAnswers("bob", cmd)).isFalse();
            assertThat(manager.anyShellAnswers("alice", cmd + "x")).isFalse();
        }
    }

    @Test
    void enforcesShellsPerUserAndConcurrentUsers() {
        ShellLimits limits = ShellLimits.builder().maxShellsPerUser(2).maxConcurrentUsers(2).build();
        try (ShellManager manager = manager(limits)) {
            Shell first = manager.create("alice", ShellSpec.defaults());
            manager.create("alice", ShellSpec.defaults());
            assertThatThrownBy(() -> manager.create("alice", ShellSpec.defaults()))
                    .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                        assertThat(e.quota()).isEqualTo(Quota.MAX_SHELLS_PER_USER);
                        assertThat(e.limit()).isEqualTo(2);
                    });
            manager.create("bob", ShellSpec.defaults());
            assertThatThrownBy(() -> manager.create("carol", ShellSpec.defaults()))
                    .isInstanceOfSatisfying(QuotaExceededException.class,
                            e -> assertThat(e.quota()).isEqualTo(Quota.MAX_CONCURRENT_USERS));
            manager.delete("alice", first.id());
            manager.create("alice", ShellSpec.defaults()); // room again
            assertThat(manager.size()).isEqualTo(3);
        }
    }

    @Test
    void enforcesRunningProcessesPerShell() throws Exception {
        try (ShellManager manager = manager(ShellLimits.builder().maxProcessesPerShell(2).build())) {
            Shell shell = manager.create("alice", ShellSpec.defaults());
            RunningCommand first = shell.startCommand(CommandSpec.of("a"));
            shell.startCommand(CommandSpec.of("b"));
            assertThatThrownBy(() -> shell.startCommand(CommandSpec.of("c")))
                    .isInstanceOfSatisfying(QuotaExceededException.class,
                            e -> assertThat(e.quota()).isEqualTo(Quota.MAX_PROCESSES_PER_SHELL));
            launcher.launched.get(0).finish(0);
            first.terminated().get(5, TimeUnit.SECONDS);
            assertThat(shell.startCommand(CommandSpec.of("c"))).isNotNull();
        }
    }

    @Test
    void idleShellsAreReclaimedAndTheirProcessesKilled() throws Exception {
        ShellLimits limits = ShellLimits.builder()
                .minIdleTimeout(Duration.ofMillis(50)).build();
        try (ShellManager manager = manager(limits)) {
            Shell idle = manager.create("alice", ShellSpec.defaults().withIdleTimeout(Duration.ofMillis(200)));
            Shell busy = manager.create("alice", ShellSpec.defaults().withIdleTimeout(Duration.ofMillis(200)));
            idle.startCommand(CommandSpec.of("sleep"));
            FakeProcess process = launcher.last();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < deadline) {
                manager.get("alice", busy.id());
                Thread.sleep(40);
            }
            assertThatThrownBy(() -> manager.get("alice", idle.id())).isInstanceOf(ShellNotFoundException.class);
            assertThat(idle.state()).isEqualTo(ShellState.CLOSED);
            assertThat(process.signals).contains(ProcessSignal.KILL);
            assertThat(events).contains("closed " + idle.id() + " IDLE_TIMEOUT");
            assertThat(manager.get("alice", busy.id()).state()).isEqualTo(ShellState.ACTIVE);
        }
    }

    @Test
    void idleTimeoutIsClampedToTheConfiguredRange() {
        try (ShellManager manager = manager(ShellLimits.DEFAULTS)) {
            assertThat(manager.create("a", ShellSpec.defaults().withIdleTimeout(Duration.ofSeconds(5))).idleTimeout())
                    .isEqualTo(Duration.ofSeconds(60));
            assertThat(manager.create("a", ShellSpec.defaults().withIdleTimeout(Duration.ofDays(5))).idleTimeout())
                    .isEqualTo(Duration.ofSeconds(7200));
            assertThat(manager.create("a", ShellSpec.defaults().withIdleTimeout(Duration.ofSeconds(600))).idleTimeout())
                    .isEqualTo(Duration.ofSeconds(600));
        }
    }

    @Test
    void buildsTheCommandLineLikeCmdAndAMinimalEnvironment(@TempDir Path dir) {
        try (ShellManager manager = manager(ShellLimits.DEFAULTS)) {
            Shell shell = manager.create("alice", ShellSpec.defaults()
                    .withWorkingDirectory(dir.toString())
                    .withEnvironment(Map.of("GREETING", "hi there")));
            shell.startCommand(new CommandSpec(null, "echo", List.of("a  b", "c"), false));
            FakeProcess viaShell = launcher.last();
            assertThat(viaShell.spec.argv()).containsExactly("/bin/sh", "-c", "echo a  b c");
            assertThat(viaShell.spec.cwd()).isEqualTo(dir);
            assertThat(viaShell.spec.env()).containsEntry("GREETING", "hi there").containsEntry("LANG", "C.UTF-8")
                    .containsEntry("OPENWINRM_CODEPAGE", "65001").containsKey("PATH");
            assertThat(Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "GREETING", "OPENWINRM_CODEPAGE"))
                    .containsAll(viaShell.spec.env().keySet());

            shell.startCommand(new CommandSpec(null, "printf", List.of("%s", "a b"), true));
            assertThat(launcher.last().spec.argv()).containsExactly("printf", "%s", "a b");
        }
    }

    @Test
    void badCreateParametersAreTyped(@TempDir Path dir) {
        try (ShellManager manager = manager(ShellLimits.DEFAULTS)) {
            assertThatThrownBy(() -> manager.create("a", ShellSpec.defaults().withCodepage(932)))
                    .isInstanceOf(UnsupportedCodepageException.class);
            assertThatThrownBy(() -> manager.create("a", ShellSpec.defaults()
                    .withWorkingDirectory(dir.resolve("nope").toString())))
                    .isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.parameter()).isEqualTo(Parameter.WORKING_DIRECTORY));
            assertThatThrownBy(() -> ShellSpec.defaults().withEnvironment(Map.of("A=B", "x")))
                    .isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.parameter()).isEqualTo(Parameter.ENVIRONMENT));
            assertThat(manager.size()).isZero();
        }
    }

    @Test
    void defaultWorkingDirectoryIsTheOwnersHome(@TempDir Path home) {
        try (ShellManager manager = ShellManager.builder(launcher, scheduler)
                .homeDirectories(owner -> owner.equals("alice") ? Optional.of(home) : Optional.empty()).build()) {
            assertThat(manager.create("alice", ShellSpec.defaults()).workingDirectory()).isEqualTo(home);
            assertThat(manager.create("alice", ShellSpec.defaults().withWorkingDirectory("sub")))
                    .isNull();
        } catch (InvalidArgumentException expected) {
            assertThat(expected.parameter()).isEqualTo(Parameter.WORKING_DIRECTORY); // home/sub does not exist
        }
        try (ShellManager manager = manager(ShellLimits.DEFAULTS)) {
            assertThat(manager.create("bob", ShellSpec.defaults()).workingDirectory())
                    .isEqualTo(Path.of("").toAbsolutePath());
        }
    }

    @Test
    void missingProgramIsTypedAndLeavesNoCommand() {
        try (ShellManager manager = manager(ShellLimits.DEFAULTS)) {
            Shell shell = manager.create("alice", ShellSpec.defaults());
            assertThatThrownBy(() -> shell.startCommand(new CommandSpec(null, "missing", List.of(), true)))
                    .isInstanceOfSatisfying(ProgramNotFoundException.class,
                            e -> assertThat(e.program()).isEqualTo("missing"));
            assertThat(shell.commands()).isEmpty();
            assertThatThrownBy(() -> shell.command("0B2C4D6E-0000-4000-8000-000000000000"))
                    .isInstanceOf(CommandNotFoundException.class);
        }
    }

    @Test
    void closeKillsEverythingAndRefusesNewShells() throws Exception {
        ShellManager manager = manager(ShellLimits.DEFAULTS);
        Shell shell = manager.create("alice", ShellSpec.defaults());
        RunningCommand a = shell.startCommand(CommandSpec.of("a"));
        RunningCommand b = manager.create("bob", ShellSpec.defaults()).startCommand(CommandSpec.of("b"));
        manager.close();
        assertThat(a.terminated()).isCompleted();
        assertThat(b.terminated()).isCompleted();
        assertThat(launcher.launched).allSatisfy(p -> assertThat(p.exited()).isTrue());
        assertThat(manager.size()).isZero();
        assertThatThrownBy(() -> manager.create("alice", ShellSpec.defaults()))
                .isInstanceOf(InvalidStateException.class);
        assertThat(events).contains("closed " + shell.id() + " SERVER_STOP");
    }

    private static Throwable catchShellNotFound(Runnable action) {
        try {
            action.run();
        } catch (ShellNotFoundException e) {
            return e;
        }
        throw new AssertionError("expected ShellNotFoundException");
    }
}
