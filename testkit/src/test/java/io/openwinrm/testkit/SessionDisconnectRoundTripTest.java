package io.openwinrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.client.Command;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellInfo;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.shell.BufferMode;
import io.openwinrm.protocol.shell.ConnectionState;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.server.shell.ShellSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Persistent sessions through our client against our server ([MS-WSMV] 3.1.4.15–3.1.4.17): output produced while a
 * shell is disconnected is received, exactly once and in order, by a different client instance.
 */
@Timeout(60)
class SessionDisconnectRoundTripTest {

    /** {@code seq 1 2600000}: 19,688,895 bytes, every line different, so loss, reordering or duplication shows. */
    private static final int LAST = 2_600_000;

    private static TestServer server;
    private static Endpoint https;

    @BeforeAll
    static void start() {
        // a shell output budget far below the 20 MB, so that the command pauses while its shell is disconnected
        server = TestServer.start(TestServer.Options.defaults().operationTimeoutCap(Duration.ofSeconds(60))
                .shellLimits(ShellLimits.builder().maxOutputPerShellBytes(ShellLimits.MIN_OUTPUT_BUDGET).build()));
        https = Endpoint.parse(server.httpsEndpoint().toString(), false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WinRmClient newClient() {
        return WinRmClient.builder()
                .credentials(Credentials.basic(server.user(), server.password().toCharArray()))
                .pinCertificateSha256(server.certificateSha256())
                .operationTimeout(Duration.ofSeconds(2))
                .build();
    }

    @Test
    void twentyMegabytesSurviveADisconnectAndAReconnectFromANewClient() throws Exception {
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long[] count = new long[1];
        String shellId;
        String commandId;
        Shell first = newClient().openShell(https);
        try {
            shellId = first.shellId();
            Command cmd = first.execute("seq 1 " + LAST, List.of());
            commandId = cmd.commandId();
            cmd.sendInput(new byte[0], true);
            while (count[0] < 5_000_000) {
                Command.Received r = cmd.receive();
                assertThat(r.done()).isFalse();
                for (StreamData s : r.streams()) {
                    assertThat(s.name()).isEqualTo("stdout");
                    received.update(s.data());
                    count[0] += s.data().length;
                }
            }
            first.disconnect(Duration.ofMinutes(2), BufferMode.BLOCK);
            assertThat(first.state()).isEqualTo(Shell.State.DISCONNECTED);
            assertThatThrownBy(cmd::receive).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("disconnected");
            assertThatThrownBy(() -> first.execute("true", List.of())).isInstanceOf(IllegalStateException.class);
            cmd.close(); // sends nothing: the command belongs to whoever takes the shell up
        } finally {
            first.close(); // releases connections only
        }
        assertThat(server.liveProcessCount()).as("command keeps running (paused) while disconnected").isEqualTo(1);

        WinRmClient second = newClient();
        ShellInfo info = second.getShell(https, shellId);
        assertThat(info.state()).contains(ConnectionState.DISCONNECTED);
        assertThat(info.idleTimeout()).contains(Duration.ofMinutes(2));
        assertThat(info.owner()).isEqualTo(server.user());

        try (Shell again = second.reconnectShell(https, shellId)) {
            assertThat(second.getShell(https, shellId).state()).contains(ConnectionState.CONNECTED);
            Command cmd = again.command(commandId);
            int exit = cmd.await((stream, data) -> {
                received.update(data);
                count[0] += data.length;
            });
            assertThat(exit).isZero();
        }
        byte[] expected = seq(LAST);
        assertThat(count[0]).isEqualTo(expected.length);
        assertThat(HexFormat.of().formatHex(received.digest()))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)));
        assertThat(server.shellCount()).isZero();
    }

    @Test
    void connectFromAnotherClientTakesUpADisconnectedShellOnly() {
        WinRmClient one = newClient();
        Shell shell = one.openShell(https);
        String id = shell.shellId();
        assertThat(id).matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");
        try {
            Command cmd = shell.execute("echo before; sleep 0.3; echo after", List.of());
            cmd.sendInput(new byte[0], true);

            WinRmClient two = newClient();
            assertThatThrownBy(() -> two.connectShell(https, id)).isInstanceOfSatisfying(WinRmFaultException.class,
                    e -> assertThat(e.fault().kind()).contains(FaultKind.SHELL_CONNECTED_TO_DIFFERENT_CLIENT));

            shell.disconnect();
            assertThatThrownBy(shell::disconnect).isInstanceOf(IllegalStateException.class);
            // the same handle's commands cannot be used; a new process re-attaches by id
            try (Shell taken = two.connectShell(https, id)) {
                StringBuilder out = new StringBuilder();
                int exit = taken.command(cmd.commandId())
                        .await((s, d) -> out.append(new String(d, StandardCharsets.UTF_8)));
                assertThat(out).hasToString("before\nafter\n");
                assertThat(exit).isZero();
                assertThat(taken.run("echo still usable", List.of()).stdoutText()).isEqualTo("still usable\n");
            }
        } finally {
            shell.close();
        }
        assertThat(server.shellCount()).isZero();
        assertThatThrownBy(() -> newClient().connectShell(https, id)).isInstanceOfSatisfying(
                WinRmFaultException.class, e -> assertThat(e.fault().kind()).contains(FaultKind.UNKNOWN_SHELL));
    }

    @Test
    void listShowsTheCallersShellsOnlyWithTheirState() {
        // a shell of another account, made directly in the server's shell manager
        var foreign = server.server().shells().create("someone-else", new ShellSpec(null, null, Map.of(),
                Optional.empty(), 65001, false, List.of("stdin"), List.of("stdout", "stderr")));
        WinRmClient client = newClient();
        try (Shell a = client.openShell(https); Shell b = client.openShell(https)) {
            b.disconnect(Duration.ofMinutes(5), null);
            List<ShellInfo> shells = client.listShells(https);
            assertThat(shells).extracting(ShellInfo::shellId).containsExactlyInAnyOrder(a.shellId(), b.shellId())
                    .doesNotContain(foreign.id());
            ShellInfo infoA = shells.stream().filter(s -> s.shellId().equals(a.shellId())).findFirst().orElseThrow();
            ShellInfo infoB = shells.stream().filter(s -> s.shellId().equals(b.shellId())).findFirst().orElseThrow();
            assertThat(infoA.state()).contains(ConnectionState.CONNECTED);
            assertThat(infoA.isDisconnected()).isFalse();
            assertThat(infoB.isDisconnected()).isTrue();
            assertThat(infoB.idleTimeout()).contains(Duration.ofMinutes(5));
            assertThat(infoA.owner()).isEqualTo(server.user());
            assertThat(infoA.clientIp()).isEqualTo("127.0.0.1");
            // the other account's shell is invisible to Get as well
            assertThatThrownBy(() -> client.getShell(https, foreign.id())).isInstanceOf(WinRmFaultException.class);
            // a disconnected handle's close leaves the shell for someone else; delete it through a new handle
            b.close();
            assertThat(client.listShells(https)).hasSize(2);
            client.connectShell(https, b.shellId()).close();
        } finally {
            server.server().shells().delete("someone-else", foreign.id());
        }
        assertThat(client.listShells(https)).isEmpty();
    }

    private static byte[] seq(int last) {
        StringBuilder sb = new StringBuilder(20_000_000);
        for (int i = 1; i <= last; i++) {
            sb.append(i).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
