package io.openwinrm.cli;

import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.Principal;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.policy.restrict.RoleCapabilityFile;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.audit.JsonLinesAuditLog;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.EndpointRegistry;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.server.identity.ServerAccount;
import io.openwinrm.testkit.TestServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-process server with a restricted endpoint {@code jea}, served by the native restricted engine (PSRP without
 * any PowerShell installed), whose role allows {@code echo} of lower-case words, {@code false}, {@code sleep N} and
 * {@code ls} of a path that is not there (exit code 2).
 */
final class RestrictedPowerShellServer {

    static final String ROLE = """
            [[command]]
            program = "/usr/bin/echo"
              [[command.positional]]
              name = "word"
              pattern = "^[a-z]{1,20}$"

            [[command]]
            program = "/usr/bin/false"

            [[command]]
            program = "/usr/bin/sleep"
              [[command.positional]]
              name = "seconds"
              pattern = "^[0-9]{1,3}$"

            [[command]]
            program = "/usr/bin/ls"
              [[command.positional]]
              name = "path"
              pattern = "^/nonexistent-[a-z]{1,10}$"
            """;

    private RestrictedPowerShellServer() {
    }

    static TestServer start() throws Exception {
        var role = RoleCapabilityFile.parse("ops", ROLE);
        return TestServer.start(TestServer.Options.defaults()
                .security("isolation = \"off\"\naudit_log = \"audit.jsonl\"\n")
                .file("endpoints/cmd.toml", "kind = \"shell\"\n")
                .file("endpoints/jea.toml", "description = \"JEA\"\nkind = \"restricted\"\n[[role]]\n"
                        + "principal = \"administrators\"\ncapabilities = [\"ops\"]\n")
                .file("roles/ops.toml", ROLE)
                .access(home -> new AccessControl(EndpointRegistry.of(List.of(Endpoint.defaultShell(),
                        new Endpoint("jea", "JEA", Endpoint.uris("jea"), EndpointKind.RESTRICTED, AccessList.DEFAULT,
                                new RunAs.Caller(), ResourceLimits.NONE, Optional.empty(),
                                new RoleDefinitions(Map.of(new Principal.Administrators(), List.of("ops"))),
                                Map.of("ops", role)))),
                        new CallerResolver(new ServerAccount(), IsolationMode.OFF), Optional.empty(),
                        new JsonLinesAuditLog(home.resolve("audit.jsonl")))));
    }
}
