package io.openwinrm.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.os.LinuxTemporaryAccounts;
import io.openwinrm.os.PosixAccounts;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.audit.JsonLinesAuditLog;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointRegistry;
import io.openwinrm.testkit.OsUsers;
import io.openwinrm.testkit.TestServer;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 with unmodified peers, as root: the server runs each command as the caller's OS account; the default
 * endpoint (the cmd shell URI every peer sends) admits an administrator (a sudo member) and refuses an ordinary user
 * with WinRM's access-denied fault, and both decisions are in the audit log. The peers cannot choose an endpoint (no
 * resource URI option), so they always meet the default one.
 */
abstract class AbstractIsolationInteropTest extends AbstractPeerInteropTest {

    private final OsUsers users = new OsUsers();
    private final String admin = users.name("owiad");
    private final String ordinary = users.name("owius");
    private final String password = "Pw-" + users.name("x") + "-interop";

    @Override
    void beforeServerStart() throws Exception {
        assumeTrue(new PosixAccounts().canSwitchUsers(), "needs root: creates OS accounts and switches to them");
        users.user(admin, "sudo");
        users.user(ordinary);
    }

    @AfterAll
    void removeUsers() {
        users.close();
    }

    @Override
    TestServer.Options serverOptions() {
        return TestServer.Options.defaults().account(admin, password).account(ordinary, password)
                .security("isolation = \"on\"\naudit_log = \"audit.jsonl\"\n")
                .access(home -> new AccessControl(EndpointRegistry.of(List.of(Endpoint.defaultShell())),
                        new CallerResolver(new PosixAccounts(), IsolationMode.ON),
                        Optional.of(new LinuxTemporaryAccounts()),
                        new JsonLinesAuditLog(home.resolve("audit.jsonl"))));
    }

    @Test
    void anAdministratorsCommandsRunAsTheirOwnAccount() throws Exception {
        DriverResult r = driveAsUser(admin, password, trusted(), "run", "--command", "id -u; id -un; echo $HOME");
        assertThat(r.exitCode()).as("driver exit%s", r.describe()).isZero();
        assertThat(new String(r.bytesField("stdout_b64"), UTF_8))
                .isEqualTo(OsUsers.uid(admin) + "\n" + admin + "\n/home/" + admin + "\n");
        assertThat(r.longField("exit_code")).isZero();
    }

    @Test
    void anOrdinaryUserIsRefusedWithAccessDenied() throws Exception {
        DriverResult r = driveAsUser(ordinary, password, trusted(), "run", "--command", "id -u");
        assertThat(r.exitCode()).as("the scenario must fail%s", r.describe()).isNotZero();
        assertRefusal(r);
        String audit = Files.readString(server().home().resolve("audit.jsonl"));
        assertThat(audit).contains("\"event\":\"access\",\"user\":\"" + ordinary + "\"")
                .contains("\"decision\":\"refused\",\"reason\":\"Create: not in the endpoint's access list\"");
    }

    /** How the peer reports WinRM's access-denied fault (w:AccessDenied, code 5). */
    abstract void assertRefusal(DriverResult r);
}
