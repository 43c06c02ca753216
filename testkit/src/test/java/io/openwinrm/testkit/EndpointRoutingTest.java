package io.openwinrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.client.Command;
import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellOptions;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.Principal;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.audit.AuditLog;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.EndpointRegistry;
import io.openwinrm.server.endpoint.RunAs;
import io.openwinrm.server.identity.ServerAccount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Endpoints selected by resource URI, changed while the server runs (as {@code openwinrm endpoint ...} does through
 * the files): new shells see the change at once, running shells keep the endpoint they were opened on. Runs as any
 * user (single-user isolation).
 */
class EndpointRoutingTest {

    private static final AtomicReference<EndpointRegistry> REGISTRY = new AtomicReference<>();
    private static TestServer server;
    private static WinRmClient client;
    private static Endpoint https;

    @BeforeAll
    static void start() {
        REGISTRY.set(EndpointRegistry.of(List.of(io.openwinrm.server.endpoint.Endpoint.defaultShell(),
                extra(AccessList.DEFAULT))));
        EndpointRegistry live = new EndpointRegistry() {
            @Override
            public Optional<io.openwinrm.server.endpoint.Endpoint> find(String resourceUri) {
                return REGISTRY.get().find(resourceUri);
            }

            @Override
            public List<io.openwinrm.server.endpoint.Endpoint> all() {
                return REGISTRY.get().all();
            }
        };
        server = TestServer.start(TestServer.Options.defaults().access(home -> new AccessControl(live,
                new CallerResolver(new ServerAccount(), IsolationMode.OFF), Optional.empty(), AuditLog.NONE)));
        client = WinRmClient.builder().credentials(Credentials.basic(server.user(), server.password().toCharArray()))
                .pinCertificateSha256(server.certificateSha256()).operationTimeout(Duration.ofSeconds(5)).build();
        https = Endpoint.parse(server.httpsEndpoint().toString(), false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static io.openwinrm.server.endpoint.Endpoint extra(AccessList access) {
        return new io.openwinrm.server.endpoint.Endpoint("extra", "", io.openwinrm.server.endpoint.Endpoint.uris(
                "extra"), EndpointKind.SHELL, access, new RunAs.Caller(), ResourceLimits.NONE, Optional.empty(),
                RoleDefinitions.NONE, Map.of());
    }

    @Test
    void endpointsAreSelectedByResourceUriAndUnknownOnesAreUnreachable() {
        try (Shell shell = client.openShell(https, ShellOptions.DEFAULT.withEndpoint("extra"))) {
            assertThat(shell.run("echo extra", List.of()).stdoutText()).isEqualTo("extra\n");
        }
        try (Shell shell = client.openShell(https, ShellOptions.DEFAULT.withResourceUri(
                "http://schemas.microsoft.com/powershell/extra"))) {
            assertThat(shell.run("echo ps", List.of()).stdoutText()).isEqualTo("ps\n");
        }
        assertThatThrownBy(() -> client.openShell(https, ShellOptions.DEFAULT.withEndpoint("nope")))
                .isInstanceOf(WinRmFaultException.class).hasMessageContaining("DestinationUnreachable");
    }

    @Test
    void unregisteringOrNarrowingAnEndpointNeverDisturbsItsRunningShells() {
        try (Shell shell = client.openShell(https, ShellOptions.DEFAULT.withEndpoint("extra"))) {
            Command running = shell.execute("sleep 1; echo still here", List.of());
            REGISTRY.set(EndpointRegistry.of(List.of(io.openwinrm.server.endpoint.Endpoint.defaultShell())));
            try {
                assertThatThrownBy(() -> client.openShell(https, ShellOptions.DEFAULT.withEndpoint("extra")))
                        .isInstanceOf(WinRmFaultException.class).hasMessageContaining("DestinationUnreachable");
                StringBuilder out = new StringBuilder();
                int code = running.await((stream, bytes) -> out.append(new String(bytes)));
                assertThat(out).hasToString("still here\n");
                assertThat(code).isZero();
                CommandResult next = shell.run("echo next", List.of());
                assertThat(next.stdoutText()).isEqualTo("next\n");
            } finally {
                REGISTRY.set(EndpointRegistry.of(List.of(io.openwinrm.server.endpoint.Endpoint.defaultShell(),
                        extra(AccessList.DEFAULT))));
            }
        }
        try (Shell shell = client.openShell(https, ShellOptions.DEFAULT.withEndpoint("extra"))) {
            REGISTRY.set(EndpointRegistry.of(List.of(io.openwinrm.server.endpoint.Endpoint.defaultShell(),
                    extra(new AccessList(List.of(), List.of(new Principal.Everyone()))))));
            try {
                assertThatThrownBy(() -> client.openShell(https, ShellOptions.DEFAULT.withEndpoint("extra")))
                        .isInstanceOf(WinRmFaultException.class).hasMessageContaining("Access is denied")
                        .hasMessageContaining("denied by everyone");
                assertThat(shell.run("echo open", List.of()).stdoutText()).isEqualTo("open\n");
            } finally {
                REGISTRY.set(EndpointRegistry.of(List.of(io.openwinrm.server.endpoint.Endpoint.defaultShell(),
                        extra(AccessList.DEFAULT))));
            }
        }
    }
}
