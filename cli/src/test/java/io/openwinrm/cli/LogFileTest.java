package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16's logs: {@code [log] format = "json"} with a file writes one JSON object per line — time, level, logger,
 * message and the audit log's field names (user, client_ip, reason) — from both halves of a privilege-separated
 * server (the network service's lines are relayed by the monitor, which alone may open the file), and {@code SIGHUP}
 * reopens the file after logrotate moved it, without stopping the service.
 */
@Timeout(120)
class LogFileTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.Options.defaults().separateProcess(true).log("json", "serve.jsonl"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void jsonLinesAndSighupReopensTheFile() throws Exception {
        Path log = server.home().resolve("serve.jsonl");
        failLogin("first-wrong");
        JsonNode first = awaitLine(log, "first-wrong");
        assertThat(first.get("level").asText()).isEqualTo("WARN");
        assertThat(first.get("logger").asText()).endsWith("AuthenticationHandler");
        assertThat(first.get("message").asText()).startsWith("Authentication failed (Basic) for user '");
        assertThat(first.get("client_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(first.get("reason").asText()).isNotEmpty();
        assertThat(first.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        for (String line : Files.readAllLines(log)) {
            assertThat(new ObjectMapper().readTree(line).isObject()).as(line).isTrue();
        }

        Path rotated = server.home().resolve("serve.jsonl.1");
        Files.move(log, rotated);
        Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(server.processPid().orElseThrow())).start();
        assertThat(hup.waitFor()).isZero();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(log) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(log).as("reopened after SIGHUP").exists();
        failLogin("second-wrong");
        awaitLine(log, "second-wrong");
        assertThat(Files.readString(rotated)).doesNotContain("second-wrong");
        assertThat(client(server.password()).run(Endpoint.parse(server.httpsEndpoint().toString(), false),
                "echo alive").stdoutText()).as("SIGHUP did not stop the service").isEqualTo("alive\n");
    }

    private static void failLogin(String user) {
        assertThatThrownBy(() -> WinRmClient.builder().credentials(Credentials.basic(user, "nope".toCharArray()))
                .pinCertificateSha256(server.certificateSha256()).build()
                .run(Endpoint.parse(server.httpsEndpoint().toString(), false), "true"))
                .isInstanceOf(WinRmAuthenticationException.class);
    }

    private static WinRmClient client(String password) {
        return WinRmClient.builder().credentials(Credentials.basic(server.user(), password.toCharArray()))
                .pinCertificateSha256(server.certificateSha256()).build();
    }

    /** The JSON line whose user is {@code user}, waiting for it to be written. */
    private static JsonNode awaitLine(Path log, String user) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                for (String line : lines) {
                    JsonNode o = new ObjectMapper().readTree(line);
                    if (o.has("user") && o.get("user").asText().equals(user)) {
                        return o;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no log line for " + user + " in " + log);
    }
}
