package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openwinrm.cli.CliTest.Run;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code invoke --powershell} and {@code version --endpoint} against a restricted endpoint {@code jea} of an
 * in-process server, served by the native restricted engine (PSRP without any PowerShell installed).
 */
@Timeout(120)
class PowerShellCliTest {

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = RestrictedPowerShellServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String host() {
        return "127.0.0.1:" + server.httpsEndpoint().getPort();
    }

    private static Run ps(String... rest) {
        List<String> args = new ArrayList<>(List.of("invoke", "-c", host(), "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256(), "--powershell", "--endpoint", "jea"));
        args.addAll(List.of(rest));
        return CliTest.run(server.password() + "\n", args.toArray(String[]::new));
    }

    @Test
    void aScriptsOutputObjectsArePrintedAndTheExitCodeIsZero() {
        Run r = ps("--", "echo", "hello");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("hello\n");
        assertThat(r.exit()).isZero();
    }

    @Test
    void aRefusedScriptPrintsItsErrorWithCategoryAndExitsOne() {
        Run r = ps("--", "echo", "HELLO1");
        assertThat(r.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("does not match ^[a-z]{1,20}$ (role ops: /usr/bin/echo)")
                .contains("+ CategoryInfo          : ").contains("+ FullyQualifiedErrorId : ");
    }

    @Test
    void errorRecordsOfACompletedPipelineAlsoExitOne() {
        Run r = ps("--", "false");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(r.err()).contains("non-zero exit code: 1");
    }

    /** The exit status is the last native program's, as ssh gives a remote program's; JSON carries it too. */
    @Test
    void aFailedProgramsExitCodeIsTheExitStatus() throws Exception {
        Run r = ps("--", "ls", "/nonexistent-file");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("non-zero exit code: 2");
        Run j = ps("--json", "--", "ls", "/nonexistent-file");
        assertThat(new ObjectMapper().readTree(j.out()).get("last_exit_code").asInt()).isEqualTo(2);
        Run ok = ps("--json", "--", "echo", "hello");
        assertThat(new ObjectMapper().readTree(ok.out()).get("last_exit_code").asInt()).isZero();
        assertThat(ok.exit()).isZero();
    }

    @Test
    void scriptFromAFileWithArguments(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("hello.ps1");
        Files.writeString(script, "echo fromfile\n");
        Run r = ps("--file", script.toString());
        assertThat(r.out()).as(r.err()).isEqualTo("fromfile\n");
        assertThat(r.exit()).isZero();

        Run missing = ps("--file", dir.resolve("absent.ps1").toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("cannot read script file").doesNotContain("Exception\n\tat");
        Run both = ps("--file", script.toString(), "--", "echo", "x");
        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
    }

    /** Get-Command's objects share their properties: one table, one header, a row each. */
    @Test
    void objectsWithPropertiesAreATable() {
        Run r = ps("--", "Get-Command");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.get(0)).startsWith("Name").contains("CommandType");
        assertThat(lines.get(1)).startsWith("----");
        assertThat(lines.stream().filter(l -> l.startsWith("Name "))).hasSize(1);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("echo "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Exit-PSSession "));
    }

    /** --arg travels as a positional parameter of the script, which the NoLanguage engine refuses, naming $args. */
    @Test
    void argumentsArePositionalParametersOfTheScript() {
        assertThat(ps("--", "echo", "world").exit()).isZero();
        Run r = ps("--arg", "world", "--", "echo", "world");
        assertThat(r.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(r.err()).contains("arguments for script text ($args, $using:) are not supported");
    }

    @Test
    void jsonGivesObjectsAndErrorsPerHost() throws Exception {
        Run ok = ps("--json", "--", "echo", "hello");
        JsonNode o = new ObjectMapper().readTree(ok.out());
        assertThat(o.get("state").asText()).isEqualTo("Completed");
        assertThat(o.get("output").get(0).asText()).isEqualTo("hello");
        assertThat(o.get("had_errors").asBoolean()).isFalse();
        assertThat(ok.exit()).isZero();

        Run refused = ps("--json", "--", "echo", "HELLO1");
        JsonNode f = new ObjectMapper().readTree(refused.out());
        assertThat(f.get("state").asText()).isEqualTo("Failed");
        assertThat(f.get("reason").asText()).contains("does not match");
        assertThat(refused.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
    }

    /** Two hosts, one unreachable: lines prefixed with the host, the failure named, exit 1; JSON says which. */
    @Test
    void severalHostsArePrefixedAndAFailingOneCounts() throws Exception {
        List<String> base = List.of("invoke", "-c", host() + ",127.0.0.1:1", "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256(), "--powershell", "--endpoint", "jea");
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of("--", "echo", "hello"));
        Run r = CliTest.run(server.password() + "\n", args.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(r.out()).isEqualTo("[127.0.0.1:" + server.httpsEndpoint().getPort() + "] hello\n");
        assertThat(r.err()).contains("[127.0.0.1:1] openwinrm: cannot connect to 127.0.0.1:1");

        List<String> json = new ArrayList<>(base);
        json.addAll(List.of("--json", "--", "echo", "hello"));
        Run j = CliTest.run(server.password() + "\n", json.toArray(String[]::new));
        assertThat(j.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        List<JsonNode> objects = new ArrayList<>();
        for (String line : j.out().lines().toList()) {
            objects.add(new ObjectMapper().readTree(line));
        }
        assertThat(objects).hasSize(2);
        assertThat(objects).anySatisfy(o -> {
            assertThat(o.get("host").asText()).contains(":1/");
            assertThat(o.get("error").asText()).contains("cannot connect");
        });
        assertThat(objects).anySatisfy(o -> assertThat(o.path("output").path(0).asText()).isEqualTo("hello"));
        assertThat(objects).allSatisfy(o -> assertThat(o.has("state") && o.has("output") && o.has("errors")).isTrue());
    }

    @Test
    void anEndpointThatIsNotThereIsAOneLineError() {
        List<String> args = List.of("invoke", "-c", host(), "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256(), "--powershell", "--endpoint", "nosuch", "--",
                "echo", "x");
        Run r = CliTest.run(server.password() + "\n", args.toArray(String[]::new));
        assertThat(r.exit()).isNotZero();
        assertThat(r.err().strip()).doesNotContain("\n\tat ").startsWith("openwinrm:");
    }

    @Test
    void versionOfAPowerShellEndpointIsTheRemotePsVersionTable() {
        Run r = CliTest.run(server.password() + "\n", "version", "-c", host(), "-u", server.user(),
                "--password-stdin", "--cert-fingerprint", server.certificateSha256(), "--endpoint", "jea");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Name").containsPattern("(?m)^PSEdition +OpenWinRM$")
                .containsPattern("(?m)^PSRemotingProtocolVersion +2\\.");
        assertThat(CliTest.run(null, "version", "--endpoint", "jea").exit()).isEqualTo(ExitCodes.USAGE);
    }

    /** A CLI process interrupted (SIGTERM, as Ctrl+C) during a long pipeline leaves no pool behind on the server. */
    @Test
    void anInterruptedInvokeStopsThePipelineAndDeletesThePool(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "invoke", "-c",
                host(), "-u", server.user(), "--cert-fingerprint", server.certificateSha256(), "--powershell",
                "--endpoint", "jea", "--", "sleep", "100"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put(SecretReader.PASSWORD_ENV, server.password());
        int before = server.shellCount();
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (server.shellCount() == before) {
                assertThat(p.isAlive()).as("the CLI runs until interrupted: " + Files.readString(dir.resolve("err")))
                        .isTrue();
                assertThat(System.nanoTime()).as("the pool is opened in time").isLessThan(deadline);
                Thread.sleep(50);
            }
            Thread.sleep(1000);
            assertThat(p.isAlive()).as("sleep 100 runs").isTrue();
            p.destroy();
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            long gone = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (server.shellCount() > before && System.nanoTime() < gone) {
                Thread.sleep(50);
            }
            assertThat(server.shellCount()).as("the pool was deleted").isEqualTo(before);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void newFlagsHaveHelp() {
        Run r = CliTest.run(null, "invoke", "--help");
        assertThat(r.out()).contains("--powershell", "--file", "--arg");
        assertThat(CliTest.run(null, "version", "--help").out()).contains("--endpoint");
    }
}
