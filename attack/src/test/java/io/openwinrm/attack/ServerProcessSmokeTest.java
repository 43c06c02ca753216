package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fixture itself: a server process starts, serves a command over HTTPS + Basic, and stops. */
@Timeout(120)
class ServerProcessSmokeTest {

    @Test
    void servesACommand() throws Exception {
        try (ServerProcess server = ServerProcess.builder().account("smoke", "pw-Smoke-1234")
                .config("[security]\nisolation = \"off\"\n").start()) {
            WinRmClient client = WinRmClient.builder().credentials(Credentials.basic("smoke",
                    "pw-Smoke-1234".toCharArray())).insecureSkipVerification(true).build();
            CommandResult r = client.run(Endpoint.parse(server.https().toString(), false), "echo served");
            assertThat(new String(r.stdout(), StandardCharsets.UTF_8).strip()).isEqualTo("served");
            assertThat(r.exitCode()).isZero();
        }
    }
}
