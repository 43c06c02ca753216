package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.client.Command;
import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellOptions;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.testkit.OsUsers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, findings 1, 9 (working directory and program) and 12, against a real server run as root with isolation on
 * (what {@code openwinrm enable} configures): an admitted ordinary user sets {@code LD_PRELOAD} to a library that
 * records the uid of every process it is loaded into, through pywinrm over Basic/HTTPS and NTLM/HTTP on the default
 * endpoint, and through our client on a login-shell and a run-as endpoint. The library must never run as root (it
 * did in setsid, env, nsenter and setpriv), yet still reach the user's own command (so the test sees the variable
 * was really delivered). Working directories are entered as the user inside its private namespace, and a directory
 * or program the user cannot reach is answered exactly like one that does not exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class LaunchChainAttackTest {

    private static final String PASSWORD = "pw-Attack-Chain-9";

    private OsUsers os;
    private String user;
    private String uid;
    private String service;
    private PreloadLibrary preload;
    private ServerProcess server;
    private Path secrets;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(io.openwinrm.common.ProcessUser.isRoot(), "needs root (creates OS users, runs the server "
                + "as root)");
        os = new OsUsers();
        user = os.user(os.name("owatk"));
        uid = OsUsers.uid(user);
        service = os.user(os.name("owsvc"));
        preload = PreloadLibrary.compile();
        secrets = Files.createTempDirectory(Path.of("/root"), "owsecret-");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectory(secrets.resolve("dir"));
        Path program = secrets.resolve("program");
        Files.writeString(program, "#!/bin/sh\necho secret\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        String allow = "[access]\nallow = [\"user:" + user + "\"]\n";
        server = ServerProcess.builder()
                .config("[security]\nisolation = \"on\"\n")
                .account(user, PASSWORD)
                .file("endpoints/cmd.toml", "kind = \"shell\"\n" + allow)
                .file("endpoints/login.toml", "kind = \"login\"\n" + allow)
                .file("endpoints/svc.toml", "kind = \"shell\"\nrun_as = \"account:" + service + "\"\n" + allow)
                .start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (preload != null) {
            preload.close();
        }
        if (secrets != null) {
            ServerProcess.deleteTree(secrets);
        }
        if (os != null) {
            os.close();
        }
    }

    @BeforeEach
    void clearRecord() throws Exception {
        preload.clear();
    }

    @Test
    void preloadFromPywinrmOverBasicNeverRunsAsRoot() throws Exception {
        Pywinrm.Result r = Pywinrm.run(server.https(), user, PASSWORD, List.of("--transport", "basic",
                "--env", "LD_PRELOAD=" + preload.library(), "--command", "id -u"));
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stdout().strip()).isEqualTo(uid);
        assertPreloadedOnlyAsTheUser();
    }

    @Test
    void preloadFromPywinrmOverSealedNtlmNeverRunsAsRoot() throws Exception {
        Pywinrm.Result r = Pywinrm.run(server.http(), user, PASSWORD, List.of("--transport", "ntlm",
                "--env", "LD_PRELOAD=" + preload.library(), "--command", "id -u"));
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stdout().strip()).isEqualTo(uid);
        assertPreloadedOnlyAsTheUser();
    }

    @Test
    void preloadOnTheLoginShellEndpointNeverRunsAsRoot() throws Exception {
        try (Shell shell = client().openShell(https(), ShellOptions.DEFAULT.withEndpoint("login")
                .withEnvironment("LD_PRELOAD", preload.library().toString()))) {
            CommandResult r = shell.run("id -u; pwd", List.of());
            assertThat(r.stdoutText()).isEqualTo(uid + "\n/home/" + user + "\n");
        }
        assertPreloadedOnlyAsTheUser();
    }

    @Test
    void preloadUnderATerminalNeverRunsAsRoot() throws Exception {
        try (Shell shell = client().openShell(https(), ShellOptions.DEFAULT.withPty(80, 24, "xterm")
                .withEnvironment("LD_PRELOAD", preload.library().toString()))) {
            CommandResult r = shell.run("id -u", List.of());
            assertThat(r.stdoutText().strip()).isEqualTo(uid);
        }
        assertPreloadedOnlyAsTheUser();
    }

    @Test
    void loaderVariablesAreRefusedWhereCommandsRunAsAnotherAccount() throws Exception {
        WinRmClient client = client();
        assertThatThrownBy(() -> client.openShell(https(), ShellOptions.DEFAULT.withEndpoint("svc")
                .withEnvironment("LD_PRELOAD", preload.library().toString())))
                .isInstanceOfSatisfying(WinRmFaultException.class, e -> {
                    assertThat(e.fault().wsmanCode()).hasValue(5);
                    assertThat(e.fault().message()).contains("LD_PRELOAD");
                });
        try (Shell shell = client.openShell(https(), ShellOptions.DEFAULT.withEndpoint("svc")
                .withEnvironment("GREETING", "hello"))) {
            CommandResult r = shell.run("id -un; echo $GREETING", List.of());
            assertThat(r.stdoutText()).isEqualTo(service + "\nhello\n");
        }
        assertThat(preload.records()).isEmpty();
    }

    @Test
    void theWorkingDirectoryIsEnteredAsTheUserInsideItsNamespace() throws Exception {
        Pywinrm.Result given = Pywinrm.run(server.https(), user, PASSWORD, List.of("--cwd", "/usr/share",
                "--command", "pwd; ls /proc | grep -c '^1$'"));
        assertThat(given.stdout()).as("%s", given).isEqualTo("/usr/share\n0\n");
        Pywinrm.Result home = Pywinrm.run(server.https(), user, PASSWORD, List.of("--command", "pwd"));
        assertThat(home.stdout()).as("%s", home).isEqualTo("/home/" + user + "\n");
    }

    @Test
    void anUnreachableDirectoryIsAnsweredLikeAMissingOne() throws Exception {
        Pywinrm.Result hidden = Pywinrm.run(server.https(), user, PASSWORD, List.of("--cwd",
                secrets.resolve("dir").toString(), "--command", "pwd"));
        Pywinrm.Result missing = Pywinrm.run(server.https(), user, PASSWORD, List.of("--cwd",
                secrets.resolve("none").toString(), "--command", "pwd"));
        assertThat(hidden.faultCode()).as("%s", hidden).isNotNull().isEqualTo(missing.faultCode());
        assertThat(hidden.message().replace("/dir", "/X")).isEqualTo(missing.message().replace("/none", "/X"));
    }

    @Test
    void anUnreachableProgramIsAnsweredLikeAMissingOne() throws Exception {
        // the program executed directly (WINRS_SKIP_CMD_SHELL) takes OpenWinRM's own URI of the cmd endpoint: on the
        // WinRS cmd URI the option is ignored, as Windows Server 2012 R2 and later do ([MS-WSMV] note <117>)
        ShellOptions direct = ShellOptions.DEFAULT
                .withResourceUri("http://schemas.openwinrm.io/wbem/wsman/1/shell/cmd");
        try (Shell shell = client().openShell(https(), direct)) {
            WsmanFault hidden = refusal(shell, secrets.resolve("program").toString());
            WsmanFault missing = refusal(shell, secrets.resolve("absent").toString());
            assertThat(hidden.wsmanCode()).isPresent().isEqualTo(missing.wsmanCode());
            assertThat(hidden.message().replace(secrets.resolve("program").toString(), "X"))
                    .isEqualTo(missing.message().replace(secrets.resolve("absent").toString(), "X"));
            assertThat(hidden.toString()).doesNotContain("secret\n");
            try (Command visible = shell.execute("id", List.of("-u"), true)) {
                visible.sendInput(new byte[0], true);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertThat(visible.await((stream, data) -> out.writeBytes(data))).isZero();
                assertThat(out.toString(StandardCharsets.UTF_8)).as("the legitimate client is still served")
                        .isEqualTo(uid + "\n");
            }
        }
    }

    private static WsmanFault refusal(Shell shell, String program) {
        try (Command started = shell.execute(program, List.of(), true)) {
            throw new AssertionError("started " + program + " as " + started.commandId());
        } catch (WinRmFaultException e) {
            return e.fault();
        }
    }

    private void assertPreloadedOnlyAsTheUser() throws Exception {
        List<String> records = preload.records();
        assertThat(records).as("the library reached the user's own command").isNotEmpty();
        assertThat(records).as("no process ran it as anyone but the user")
                .allMatch(line -> line.startsWith("uid=" + uid + " euid=" + uid + " "));
    }

    private WinRmClient client() {
        return WinRmClient.builder().credentials(Credentials.basic(user, PASSWORD.toCharArray()))
                .insecureSkipVerification(true).build();
    }

    private Endpoint https() {
        return Endpoint.parse(server.https().toString(), false);
    }
}
