package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.server.command.Interpreter;
import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.command.TerminalSpec;
import io.openwinrm.server.identity.OsIdentity;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands, terminals and interpreters started as another account (needs root). */
class RunAsUserTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8",
            "OPENWINRM_TEST", "a b'c");
    private static final Path TMP = Path.of("/tmp");

    private static TestUsers users;
    private static OsIdentity alice;
    private static OsIdentity bob;
    private static String aliceGroup;
    private final LocalProcessLauncher launcher = new LocalProcessLauncher();

    @BeforeAll
    static void createUsers() throws IOException {
        TestUsers.assumeRootWithTools();
        users = new TestUsers();
        aliceGroup = users.group("g");
        alice = users.user("a", aliceGroup);
        bob = users.user("b");
    }

    @AfterAll
    static void deleteUsers() throws IOException {
        if (users != null) {
            users.close();
        }
    }

    private static LaunchSpec as(OsIdentity who, String script) {
        return new LaunchSpec(List.of("/bin/sh", "-c", script), TMP, ENV, Optional.of(who), Sandbox.NONE, false);
    }

    record Result(String out, String err, int exitCode) {
    }

    static Result complete(LaunchedProcess process) throws Exception {
        process.stdin().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.stderr()));
        String out = drain(process.stdout());
        return new Result(out, err.get(10, TimeUnit.SECONDS), process.onExit().get(10, TimeUnit.SECONDS));
    }

    private static String drain(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) { // not readAllBytes: it seeks, which FIFOs refuse
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    @Test
    void runsWithTheAccountsUidGidAndGroupsOnly() throws Exception {
        Result r = complete(launcher.launch(as(alice, "id -u; id -g; id -G; pwd")));
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).isEqualTo(Integer.toString(alice.uid()));
        assertThat(lines[1]).isEqualTo(Integer.toString(alice.gid()));
        assertThat(Arrays.stream(lines[2].split(" ")).map(Integer::valueOf).toList())
                .containsExactlyInAnyOrderElementsOf(alice.groupIds());
        assertThat(alice.groupNames()).contains(aliceGroup, alice.name());
        assertThat(lines[3]).isEqualTo("/tmp");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void environmentIsExactlyTheGivenOne() throws Exception {
        Result r = complete(launcher.launch(new LaunchSpec(List.of("env", "-0"), TMP, ENV, Optional.of(alice),
                Sandbox.NONE, false)));
        Map<String, String> seen = new TreeMap<>();
        for (String entry : r.out().split("\0")) {
            int eq = entry.indexOf('=');
            seen.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        assertThat(seen).isEqualTo(new TreeMap<>(ENV));
    }

    @Test
    void processKeepsPidAsGroupAndSessionLeader() throws Exception {
        LaunchedProcess process = launcher.launch(as(alice, "echo $$; exec sleep 30"));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8));
            assertThat(Long.parseLong(out.readLine())).isEqualTo(process.pid());
            ProcFs.Stat stat = ProcFs.stat(process.pid()).orElseThrow();
            assertThat(stat.pgrp()).isEqualTo(process.pid());
            assertThat(stat.session()).isEqualTo(process.pid());
        } finally {
            process.destroyGroup();
        }
        assertThat(process.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
    }

    @Test
    void cannotSignalRootOrAnotherAccount() throws Exception {
        LaunchedProcess bobs = launcher.launch(as(bob, "exec sleep 30"));
        try {
            long server = ProcessHandle.current().pid();
            Result r = complete(launcher.launch(as(alice, "kill -0 " + server + " 2>/dev/null; echo root=$?; "
                    + "kill -0 " + bobs.pid() + " 2>/dev/null; echo bob=$?; kill -0 $$; echo self=$?")));
            assertThat(r.out()).isEqualTo("root=1\nbob=1\nself=0\n");
            assertThat(bobs.onExit()).isNotDone();
        } finally {
            bobs.destroyGroup();
        }
    }

    @Test
    void noNewPrivilegesIsSet() throws Exception {
        Result r = complete(launcher.launch(new LaunchSpec(List.of("/bin/sh", "-c", "grep NoNewPrivs /proc/self/status"),
                TMP, ENV, Optional.of(alice), Sandbox.NONE, true)));
        assertThat(r.out()).matches("NoNewPrivs:\\s+1\n");
        Result off = complete(launcher.launch(as(alice, "grep NoNewPrivs /proc/self/status")));
        assertThat(off.out()).matches("NoNewPrivs:\\s+0\n");
    }

    @Test
    void aDirectoryTheAccountCannotEnterFailsTheLaunch(@TempDir Path privateDir) throws Exception {
        // @TempDir is 0700 root
        LaunchSpec spec = new LaunchSpec(List.of("pwd"), privateDir, ENV, Optional.of(alice), Sandbox.NONE, false);
        assertThatThrownBy(() -> launcher.launch(spec))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot enter " + privateDir + " as " + alice.name());
        assertThatThrownBy(() -> launcher.launchInTerminal(spec, new TerminalSpec("xterm", 80, 24)))
                .hasMessageContaining("cannot enter");
        assertThatThrownBy(() -> launcher.startInterpreter(spec.withArgv(List.of("/bin/sh"))))
                .hasMessageContaining("cannot enter");
        // the server's own account may
        Result root = complete(launcher.launch(new LaunchSpec(List.of("pwd"), privateDir, ENV)));
        assertThat(root.out()).isEqualTo(privateDir + "\n");
    }

    @Test
    void aDirectoryBehindSearchOnlyParentsCanBeEntered(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Result r = complete(launcher.launch(new LaunchSpec(List.of("pwd"), sub, ENV, Optional.of(alice),
                Sandbox.NONE, false)));
        assertThat(r.out()).isEqualTo(sub + "\n");
    }

    @Test
    void terminalBelongsToTheAccount() throws Exception {
        LaunchSpec spec = as(alice, "tty; id -u; stat -c '%u %G %a' \"$(tty)\"; echo hi >/dev/tty && echo reopened");
        LaunchedProcess process = launcher.launchInTerminal(spec, new TerminalSpec("xterm", 80, 24));
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        process.stdout().transferTo(screen);
        assertThat(process.onExit().get(10, TimeUnit.SECONDS)).isZero();
        String[] lines = screen.toString(StandardCharsets.UTF_8).split("\r\n");
        assertThat(lines[0]).matches("/dev/pts/\\d+");
        assertThat(lines[1]).isEqualTo(Integer.toString(alice.uid()));
        assertThat(lines[2]).isEqualTo(alice.uid() + " tty 620");
        assertThat(lines[3]).isEqualTo("hi");
        assertThat(lines[4]).isEqualTo("reopened");
    }

    @Test
    void interpreterRunsAsTheAccountAndKeepsItsDirectory() throws Exception {
        Interpreter shell = launcher.startInterpreter(new LaunchSpec(List.of("/bin/sh"), TMP, ENV,
                Optional.of(alice), Sandbox.NONE, false));
        try {
            assertThat(complete(shell.run("id -u; cd /usr")).out()).isEqualTo(alice.uid() + "\n");
            assertThat(complete(shell.run("pwd; echo oops >&2; exit_code=3; (exit $exit_code)")))
                    .isEqualTo(new Result("/usr\n", "oops\n", 3));
            Path fifoDir = Path.of("/proc", Long.toString(shell.pid()), "fd");
            assertThat(fifoDir).exists();
            // the FIFO directory admits only the account (and root)
            Path dir = Files.list(LocalInterpreter.SHARED_FIFO_BASE)
                    .filter(p -> p.getFileName().toString().startsWith("openwinrm-shell-"))
                    .filter(p -> {
                        try {
                            return ((Integer) Files.getAttribute(p, "unix:gid")) == alice.gid();
                        } catch (IOException e) {
                            return false;
                        }
                    }).findFirst().orElseThrow();
            assertThat(Files.getAttribute(dir, "unix:mode")).isEqualTo(040710);
            assertThat(Files.getAttribute(dir, "unix:uid")).isEqualTo(0);
            Result bobLooks = complete(launcher.launch(as(bob, "cd " + dir + " 2>/dev/null; echo $?")));
            assertThat(bobLooks.out()).isEqualTo("2\n");
        } finally {
            shell.destroy();
        }
        assertThat(shell.onExit().get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void theServersOwnIdentityNeedsNoSwitch() throws Exception {
        OsIdentity self = new PosixAccounts().self();
        Result r = complete(launcher.launch(as(self, "id -u; echo $0")));
        assertThat(r.out()).isEqualTo("0\n/bin/sh\n");
    }
}
