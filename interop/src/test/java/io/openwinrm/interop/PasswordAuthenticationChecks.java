package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.testkit.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks for the password-based authentications (Basic, NTLM): a wrong password is an authentication
 * error of the driver (exit status 1), and no shell is created.
 */
interface PasswordAuthenticationChecks {

    TestServer server();

    DriverResult driveWithPassword(String password, List<String> options, String... scenario) throws Exception;

    @Test
    default void wrongPasswordIsAnAuthenticationError() throws Exception {
        int shellsBefore = server().shellCount();
        DriverResult r = driveWithPassword(server().password() + "-wrong", AbstractPeerInteropTest.insecure(),
                "run", "--command", "echo never");
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(1);
        assertThat(r.stringField("error")).isNotBlank();
        assertThat(r.json()).doesNotContainKey("exit_code");
        assertThat(server().shellCount()).as("shells after a refused login").isEqualTo(shellsBefore);
    }
}
