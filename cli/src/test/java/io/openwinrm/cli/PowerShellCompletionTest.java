package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.cli.interactive.LineCompleter;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.powershell.PowerShellClient;
import io.openwinrm.client.powershell.RunspacePool;
import io.openwinrm.testkit.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tab in {@code enter} over PowerShell Remoting: TabExpansion2 in the remote runspace, here the native restricted
 * engine, which completes exactly what the endpoint's roles allow: visible commands in command position, a
 * built-in's parameters after it, nothing private, nothing for arguments.
 */
@Timeout(120)
class PowerShellCompletionTest {

    private static TestServer server;
    private static RunspacePool pool;

    @BeforeAll
    static void start() throws Exception {
        server = RestrictedPowerShellServer.start();
        WinRmClient client = WinRmClient.builder()
                .credentials(Credentials.basic(server.user(), server.password().toCharArray()))
                .trustCertificates(server.caCertificatePem()).operationTimeout(Duration.ofSeconds(5)).build();
        pool = PowerShellClient.of(client, Endpoint.parse(server.httpsEndpoint().toString(), false), "jea").open();
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
        server.close();
    }

    private static LineCompleter.Completions complete(String line, int cursor) {
        return PowerShellEnter.completer(pool).complete(line, cursor);
    }

    private static java.util.List<String> texts(LineCompleter.Completions c) {
        return c.candidates().stream().map(LineCompleter.Candidate::text).toList();
    }

    @Test
    void commandsInCommandPosition() {
        LineCompleter.Completions c = complete("Get-Co", 6);
        assertThat(texts(c)).containsExactly("Get-Command");
        assertThat(c.from()).isZero();
        assertThat(c.length()).isEqualTo(6);
        assertThat(c.candidates().get(0).description()).startsWith("Get-Command [[-Name] <string[]>]");
        assertThat(texts(complete("ec", 2))).containsExactly("echo");
        assertThat(texts(complete("get-command | sel", 17))).containsExactly("Select-Object");
        assertThat(texts(complete("s", 1))).containsExactly("Select-Object", "sleep");
        // the cursor inside a word: what is before it selects, the whole word is replaced
        assertThat(texts(complete("Get-Co | echo hello", 3))).containsExactly("Get-Command", "Get-FormatData",
                "Get-Help");
        LineCompleter.Completions mid = complete("Get-Co | echo hello", 5);
        assertThat(texts(mid)).containsExactly("Get-Command");
        assertThat(mid.length()).isEqualTo(6);
    }

    @Test
    void parametersOfABuiltIn() {
        LineCompleter.Completions c = complete("Get-Command -Na", 15);
        assertThat(texts(c)).containsExactly("-Name");
        assertThat(c.from()).isEqualTo(12);
        assertThat(texts(complete("echo hello | Select-Object -F", 29))).containsExactly("-First");
    }

    @Test
    void nothingPrivateAndNothingForArguments() {
        assertThat(texts(complete("TabEx", 5))).isEmpty();
        assertThat(texts(complete("pro", 3))).isEmpty();
        assertThat(texts(complete("echo hel", 8))).isEmpty();
        assertThat(texts(complete("ls -", 4))).isEmpty();
        assertThat(texts(complete("", 0))).contains("Get-Command", "echo", "ls").doesNotContain("prompt");
    }
}
