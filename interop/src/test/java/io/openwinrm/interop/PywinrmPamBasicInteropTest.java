package io.openwinrm.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.os.LinuxTemporaryAccounts;
import io.openwinrm.os.PosixAccounts;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.audit.AuditLog;
import io.openwinrm.server.config.PasswordSource;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointRegistry;
import io.openwinrm.testkit.OsUsers;
import io.openwinrm.testkit.TestServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's PAM with an unmodified peer, as root: pywinrm logs in with Basic over HTTPS with the password the host
 * already knows (set with {@code chpasswd}; the account is not in OpenWinRM's own store; PAM first, then the store, the
 * default as root), and its command runs as that
 * account. A locked ({@code usermod -L}) and an expired ({@code chage -E 0}) account are refused with a plain 401.
 */
class PywinrmPamBasicInteropTest extends AbstractPeerInteropTest {

    private final OsUsers users = new OsUsers();
    private final String admin = users.name("owpam");
    private final String locked = users.name("owpal");
    private final String expired = users.name("owpae");
    private final String password = "Pam-" + users.name("x") + "-interop";

    @Override
    Peer peer() {
        return Peer.PYWINRM;
    }

    @Override
    void beforeServerStart() throws Exception {
        assumeTrue(new PosixAccounts().canSwitchUsers(), "needs root: creates OS accounts, PAM reads /etc/shadow");
        for (String name : List.of(admin, locked, expired)) {
            users.user(name, "sudo");
            users.password(name, password);
        }
        users.modify("usermod", "-L", locked);
        users.modify("chage", "-E", "0", expired);
    }

    @AfterAll
    void removeUsers() {
        users.close();
    }

    @Override
    TestServer.Options serverOptions() {
        return TestServer.Options.defaults().passwordSource(PasswordSource.BOTH)
                .security("isolation = \"on\"\n")
                .access(home -> new AccessControl(EndpointRegistry.of(List.of(Endpoint.defaultShell())),
                        new CallerResolver(new PosixAccounts(), IsolationMode.ON),
                        Optional.of(new LinuxTemporaryAccounts()), AuditLog.NONE));
    }

    @Test
    void theHostsOwnPasswordLogsInAndTheCommandRunsAsTheAccount() throws Exception {
        DriverResult r = driveAsUser(admin, password, trusted(), "run", "--command", "id -un");
        assertThat(r.exitCode()).as("driver exit%s", r.describe()).isZero();
        assertThat(new String(r.bytesField("stdout_b64"), UTF_8)).isEqualTo(admin + "\n");
    }

    @Test
    void aWrongPasswordALockedAndAnExpiredAccountAreRefused() throws Exception {
        // and hostile names handed to PAM as root: root itself with this password, and a 1,000-character name
        for (String[] attempt : List.of(new String[] {admin, "not-" + password}, new String[] {locked, password},
                new String[] {expired, password}, new String[] {"root", password},
                new String[] {"x".repeat(1000), password})) {
            DriverResult r = driveAsUser(attempt[0], attempt[1], trusted(), "run", "--command", "id -un");
            assertThat(r.exitCode()).as("%.40s must be refused%s", attempt[0], r.describe()).isEqualTo(1);
            assertThat(r.stringField("error_type")).isEqualTo("InvalidCredentialsError");
        }
    }
}
