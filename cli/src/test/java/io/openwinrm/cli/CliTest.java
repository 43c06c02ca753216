package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code openwinrm} command run in process: exit codes, output, one-line errors. */
@Timeout(120)
class CliTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What one CLI run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    static synchronized Run run(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
            int code = Main.commandLine().setOut(new java.io.PrintWriter(System.out, true))
                    .setErr(new java.io.PrintWriter(System.err, true)).execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    static String host() {
        return "127.0.0.1:" + server.httpsEndpoint().getPort();
    }

    @Test
    void userLifecycle(@TempDir Path home) throws Exception {
        String h = home.toString();
        assertThat(run("s3cret-one\n", "user", "add", "alice", "--home", h, "--password-stdin").exit()).isZero();
        Path accounts = home.resolve("accounts");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(accounts))).isEqualTo("rw-------");
        assertThat(Files.readString(accounts)).doesNotContain("s3cret-one");
        assertThat(run(null, "user", "list", "--home", h).out()).isEqualTo("alice\n");
        assertThat(run(null, "user", "list", "--home", h, "--json").out())
                .isEqualTo("{\"accounts\":[\"alice\"],\"certificate_mappings\":[]}\n");

        Run dup = run("x\n", "user", "add", "alice", "--home", h, "--password-stdin");
        assertThat(dup.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(dup.err()).isEqualTo("openwinrm: account 'alice' already exists; use 'user passwd'\n");

        Run bad = run("x\n", "user", "add", "bad:name", "--home", h, "--password-stdin");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).startsWith("openwinrm: invalid user name 'bad:name'").doesNotContain("Exception");

        assertThat(run("s3cret-two\n", "user", "passwd", "alice", "--home", h, "--password-stdin").exit()).isZero();
        assertThat(run(null, "user", "remove", "alice", "--home", h).exit()).isZero();
        assertThat(run(null, "user", "list", "--home", h).out()).isEmpty();
        assertThat(run(null, "user", "remove", "alice", "--home", h).exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void certificateMappings(@TempDir Path home) throws Exception {
        String h = home.toString();
        assertThat(run("pw-1234\n", "user", "add", "carol", "--home", h, "--password-stdin").exit()).isZero();
        io.openwinrm.transport.tls.SelfSignedCertificates.generateClient("carol", "carol@corp.example",
                java.time.Duration.ofDays(1)).write(home.resolve("c.pem"), home.resolve("k.pem"));
        Run mapped = run(null, "user", "map-cert", "carol", "--cert", home.resolve("c.pem").toString(), "--home", h);
        assertThat(mapped.exit()).as(mapped.err()).isZero();
        assertThat(mapped.out()).isEqualTo("carol <- carol@corp.example\n");
        assertThat(run(null, "user", "map-cert", "carol", "--subject", "CN=carol,O=Lab", "--home", h).exit())
                .isZero();
        assertThat(run(null, "user", "list", "--home", h).out())
                .isEqualTo("carol\ncarol <- carol@corp.example\ncarol <- CN=carol,O=Lab\n");
        assertThat(run(null, "user", "map-cert", "nobody", "--upn", "x@y", "--home", h).exit())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(run(null, "user", "unmap-cert", "carol", "--home", h).out()).isEqualTo("removed 2 mappings\n");
        assertThat(run(null, "user", "unmap-cert", "carol", "--home", h).exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void emptyPasswordOnStdinIsRefused(@TempDir Path home) {
        Run r = run("\n", "user", "add", "bob", "--home", home.toString(), "--password-stdin");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("openwinrm: empty password on standard input\n");
    }

    @Test
    void localVersionTable() {
        Run r = run(null, "version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Product").contains("OpenWinRM").contains("ProtocolVersion")
                .contains("http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd").contains("JavaVersion")
                .contains(System.getProperty("java.version"));
    }

    @Test
    void remoteVersionThroughIdentify() {
        Run r = run(null, "version", "-c", host(), "--cert-fingerprint", server.certificateSha256());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("ProductVendor").contains("OpenWinRM").contains("OS: 0.0.0");
        Run auth = run(server.password() + "\n", "version", "-c", host(), "--cert-fingerprint",
                server.certificateSha256(), "--authenticate", "-u", server.user(), "--password-stdin");
        assertThat(auth.exit()).as(auth.err()).isZero();
        assertThat(auth.out()).contains("SecurityProfiles").doesNotContain("OS: 0.0.0");
    }

    @Test
    void untrustedCertificateIsAConnectionErrorInOneLine() {
        Run r = run(null, "version", "-c", host());
        assertThat(r.exit()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(r.err()).startsWith("openwinrm: TLS failure").doesNotContain("\tat ");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void invokeOnOneHostPassesOutputAndExitCodeThrough() {
        Run r = run(server.password() + "\n", "invoke", "-c", host(), "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256(), "--", "echo", "hi;", "echo", "oops", "1>&2;",
                "exit", "7");
        assertThat(r.exit()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("hi\n");
        assertThat(r.err()).isEqualTo("oops\n");
    }

    @Test
    void credSspNeedsItsOwnPermissionAndAServerThatOffersIt() {
        Run refused = run(server.password() + "\n", "invoke", "-c", host(), "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256(), "--auth", "credssp", "--", "true");
        assertThat(refused.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("--allow-delegate-credentials").contains("allow_credssp")
                .contains("your password");
        Run stray = run(server.password() + "\n", "invoke", "-c", host(), "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256(), "--allow-delegate-credentials", "--", "true");
        assertThat(stray.exit()).isEqualTo(ExitCodes.USAGE);
        // this server has CredSSP off (the default): no offer, nothing runs
        Run off = run(server.password() + "\n", "invoke", "-c", host(), "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256(), "--auth", "credssp", "--allow-delegate-credentials",
                "--", "echo", "ran");
        assertThat(off.exit()).isNotZero();
        assertThat(off.out()).doesNotContain("ran");
        assertThat(off.err()).contains("does not offer CredSSP").doesNotContain("\tat ");
    }

    @Test
    void invokeOnSeveralHostsPrefixesLinesAndReportsFailures() {
        String other = "localhost:" + server.httpsEndpoint().getPort();
        Run ok = run(server.password() + "\n", "invoke", "-c", host() + "," + other, "--throttle", "2", "-u",
                server.user(), "--password-stdin", "--cert-fingerprint", server.certificateSha256(), "--",
                "printf", "'a\\nb\\n'");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out().lines()).containsExactlyInAnyOrder("[127.0.0.1:" + server.httpsEndpoint().getPort()
                + "] a", "[127.0.0.1:" + server.httpsEndpoint().getPort() + "] b",
                "[" + other + "] a", "[" + other + "] b");

        Run partly = run(server.password() + "\n", "invoke", "-c", host() + ",127.0.0.1:1", "-u", server.user(),
                "--password-stdin", "--cert-fingerprint", server.certificateSha256(), "--", "true");
        assertThat(partly.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(partly.err()).contains("[127.0.0.1:1] openwinrm: cannot connect to 127.0.0.1:1");
    }

    /** {@code -c @FILE}: hosts one per line with comments, merged with others, each run once, lines prefixed. */
    @Test
    void invokeReadsHostsFromAFile(@TempDir Path dir) throws IOException {
        String other = "localhost:" + server.httpsEndpoint().getPort();
        Path list = dir.resolve("hosts.txt");
        Files.writeString(list, "# lab hosts\n" + host() + "\n\n  " + other + "   # same server, by name\n" + host()
                + "\n");
        Run ok = run(server.password() + "\n", "invoke", "-c", "@" + list, "-c", other, "-u", server.user(),
                "--password-stdin", "--cert-fingerprint", server.certificateSha256(), "--", "echo", "x");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out().lines()).containsExactlyInAnyOrder("[127.0.0.1:" + server.httpsEndpoint().getPort()
                + "] x", "[" + other + "] x");

        Run missing = run(null, "invoke", "-c", "@" + dir.resolve("nope.txt"), "--", "true");
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).isEqualTo("openwinrm: host list " + dir.resolve("nope.txt") + " does not exist\n");
    }

    /**
     * {@code --json}: one object per host, output as text (or base64 when it is not UTF-8, so nothing is lost), the
     * exit code, the duration, and for an unreachable host the error instead; exit status as without it.
     */
    @Test
    void invokeJsonPrintsOneObjectPerHost() throws Exception {
        Run one = run(server.password() + "\n", "invoke", "-c", host(), "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256(), "--json", "--", "echo", "hi;", "printf",
                "'\\377'", "1>&2;", "exit", "3");
        assertThat(one.exit()).isEqualTo(3);
        com.fasterxml.jackson.databind.JsonNode o = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(one.out());
        assertThat(one.out().lines()).hasSize(1);
        assertThat(o.get("exit_code").asInt()).isEqualTo(3);
        assertThat(o.get("stdout").asText()).isEqualTo("hi\n");
        assertThat(o.get("stderr").isNull()).isTrue();
        assertThat(o.get("stderr_base64").asText()).isEqualTo("/w==");
        assertThat(o.get("error").isNull()).isTrue();
        assertThat(o.get("duration_ms").asLong()).isNotNegative();

        Run many = run(server.password() + "\n", "invoke", "-c", host() + ",127.0.0.1:1", "-u", server.user(),
                "--password-stdin", "--cert-fingerprint", server.certificateSha256(), "--json", "--", "echo", "ok");
        assertThat(many.exit()).isEqualTo(ExitCodes.REMOTE_FAILURE);
        List<com.fasterxml.jackson.databind.JsonNode> rows = new java.util.ArrayList<>();
        for (String line : many.out().lines().toList()) {
            rows.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
        }
        assertThat(rows).hasSize(2);
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("stdout").asText()).isEqualTo("ok\n");
            assertThat(r.get("exit_code").asInt()).isZero();
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.get("host").asText()).contains("127.0.0.1:1");
            assertThat(r.get("exit_code").isNull()).isTrue();
            assertThat(r.get("error").asText()).contains("cannot connect");
        });
        assertThat(run(null, "invoke", "-c", host(), "--json", "--stdin", "--", "true").exit())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void versionJson() throws Exception {
        Run r = run(null, "version", "--json");
        assertThat(r.exit()).isZero();
        com.fasterxml.jackson.databind.JsonNode o = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.out());
        assertThat(o.get("Product").asText()).isEqualTo("OpenWinRM");
        assertThat(o.get("ProtocolVersion").asText()).isNotEmpty();
    }

    @Test
    void trustedHostsLifecycle(@TempDir Path home) {
        String h = home.toString();
        assertThat(run(null, "trustedhosts", "get", "--home", h).out()).isEmpty();
        assertThat(run(null, "trustedhosts", "set", "*.lab.example", "10.0.0.*", "--home", h).exit()).isZero();
        assertThat(run(null, "trustedhosts", "add", "server1", "--home", h).exit()).isZero();
        assertThat(run(null, "trustedhosts", "remove", "10.0.0.*", "--home", h).exit()).isZero();
        assertThat(run(null, "trustedhosts", "get", "--home", h).out()).isEqualTo("*.lab.example\nserver1\n");
        Run bad = run(null, "trustedhosts", "add", "x;y", "--home", h);
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).startsWith("openwinrm: invalid TrustedHosts entry 'x;y'");
    }

    @Test
    void credSspOnlyToHostsListedInAllowCredSsp(@TempDir Path home) throws Exception {
        String h = home.toString();
        Path settings = home.resolve("client.toml");
        Files.writeString(settings, "trusted_hosts = [\"10.0.0.*\"]\nallow_credssp = [\"jump.lab.example\"]\n");
        Run elsewhere = run(server.password() + "\n", "invoke", "-c", host(), "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256(), "--auth", "credssp", "--home", h, "--", "true");
        assertThat(elsewhere.exit()).isEqualTo(ExitCodes.AUTH);
        assertThat(elsewhere.err()).contains("not allowed to receive it").contains("no credentials were sent");
        // trustedhosts rewrites the file and keeps the list
        assertThat(run(null, "trustedhosts", "add", "server1", "--home", h).exit()).isZero();
        assertThat(Files.readString(settings)).contains("allow_credssp = [\"jump.lab.example\"]")
                .contains("server1");
        Files.writeString(settings, "allow_credssp = [\"127.0.0.1\"]\n");
        Run listed = run(server.password() + "\n", "invoke", "-c", host(), "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256(), "--auth", "credssp", "--home", h, "--", "true");
        assertThat(listed.err()).contains("does not offer CredSSP"); // allowed; this server has CredSSP off
        Files.writeString(settings, "allow_credssp = \"127.0.0.1\"\n");
        assertThat(run(null, "invoke", "-c", host(), "--auth", "credssp", "--home", h, "--", "true").exit())
                .isEqualTo(ExitCodes.CONFIG);
    }

    @Test
    void ntlmOverHttpOnlyToTrustedHosts(@TempDir Path home) {
        String url = server.httpEndpoint().toString();
        Run refused = run(server.password() + "\n", "invoke", "-c", url, "-u", server.user(), "--password-stdin",
                "--home", home.toString(), "--", "echo", "hi");
        assertThat(refused.exit()).isEqualTo(ExitCodes.AUTH);
        assertThat(refused.err()).contains("cannot verify the identity of 127.0.0.1")
                .contains("openwinrm trustedhosts add 127.0.0.1");
        assertThat(run(null, "trustedhosts", "add", "127.0.0.1", "--home", home.toString()).exit()).isZero();
        Run ok = run(server.password() + "\n", "invoke", "-c", url, "-u", server.user(), "--password-stdin",
                "--home", home.toString(), "--", "echo", "hi");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("hi\n");
    }

    @Test
    void invokeWithAClientCertificate() {
        Run r = run(null, "invoke", "-c", host(), "--auth", "certificate", "--client-cert",
                server.clientCertificatePem().toString(), "--client-key", server.clientKeyPem().toString(),
                "--cert-fingerprint", server.certificateSha256(), "--", "printf", "cert");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("cert");
        Run missing = run(null, "invoke", "-c", host(), "--auth", "certificate", "--", "true");
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void wrongPasswordIsAnAuthExit() {
        Run r = run("wrong\n", "invoke", "-c", host(), "-u", server.user(), "--password-stdin",
                "--cert-fingerprint", server.certificateSha256(), "--", "true");
        assertThat(r.exit()).isEqualTo(ExitCodes.AUTH);
        // (the in-process server logs the failure on the same stderr; the CLI's own message is the last line)
        assertThat(r.err().lines().reduce((a, b) -> b).orElse("")).startsWith("openwinrm: access denied")
                .contains("401");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run(null, "invoke", "--", "true").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run(null, "invoke", "-c", "h", "--throttle", "0", "--password-stdin", "--", "true").exit())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(run(null, "no-such-command").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {{"--help"}, {"serve", "--help"}, {"invoke", "--help"},
                {"version", "--help"}, {"user", "--help"}, {"user", "add", "--help"}, {"user", "remove", "--help"},
                {"user", "passwd", "--help"}, {"user", "list", "--help"}, {"demo", "--help"},
                {"user", "map-cert", "--help"}, {"user", "unmap-cert", "--help"},
                {"trustedhosts", "--help"}, {"trustedhosts", "get", "--help"}, {"trustedhosts", "set", "--help"},
                {"trustedhosts", "add", "--help"}, {"trustedhosts", "remove", "--help"}}) {
            Run r = run(null, cmd);
            assertThat(r.exit()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).as(String.join(" ", cmd)).contains("Usage:");
        }
    }

    @Test
    void badConfigurationIsOneLineAndExitFive(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("openwinrm.toml"), "[service]\nmax_timeout_ms = \"soon\"\n");
        Run r = run(null, "serve", "--home", home.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).isEqualTo("openwinrm: " + home.resolve("openwinrm.toml")
                + ": 'service.max_timeout_ms' must be an integer\n");
    }

    @Test
    void demoRunsACommandThroughALocalServer() {
        Run r = run(null, "demo", "--", "echo", "from-the-demo");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("server listening on https://127.0.0.1:").contains("from-the-demo\n")
                .contains("exit code 0");
    }
}
