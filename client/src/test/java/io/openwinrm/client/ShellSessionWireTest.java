package io.openwinrm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.shell.BufferMode;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.DisconnectResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the client puts on the wire for persistent shells, against a scripted HTTP endpoint on 127.0.0.1: the
 * client-chosen ShellId at Create and the Disconnect body ([MS-WSMV] 3.1.4.5, 3.1.4.15), and the handle's states.
 */
@Timeout(20)
class ShellSessionWireTest {

    private static final WsmanCodec CODEC = new WsmanCodec();

    private HttpServer http;
    private final List<Envelope> requests = new CopyOnWriteArrayList<>();
    private Endpoint endpoint;
    private WinRmClient client;

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/wsman", exchange -> {
            Envelope req = CODEC.decode(exchange.getRequestBody().readAllBytes());
            requests.add(req);
            WsmanAction action = WsmanAction.fromUri(req.header().action()).orElseThrow();
            Body reply = switch (action) {
                case CREATE -> new ShellCreated(((CreateShell) req.body()).shellId(), req.header().resourceUri(),
                        "http://127.0.0.1/wsman", "u", "127.0.0.1", Optional.of(Duration.ofHours(2)), List.of("stdin"),
                        List.of("stdout", "stderr"));
                case DISCONNECT -> new DisconnectResponse();
                default -> new io.openwinrm.protocol.shell.DeleteResponse();
            };
            byte[] out = CODEC.encode(new Envelope(Header.responseTo(req.header(), action.responseUri()), reply));
            exchange.getResponseHeaders().add("Content-Type", "application/soap+xml;charset=UTF-8");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        http.start();
        endpoint = Endpoint.parse("http://127.0.0.1:" + http.getAddress().getPort() + "/wsman", true);
        client = WinRmClient.builder().credentials(Credentials.basic("u", "p".toCharArray()))
                .allowBasicOverHttp(true).trustedHosts(TrustedHosts.of(List.of("127.0.0.1"))).build();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    @Test
    void createSendsAClientChosenUppercaseGuid() {
        Shell a = client.openShell(endpoint);
        Shell b = client.openShell(endpoint);
        CreateShell first = (CreateShell) requests.get(0).body();
        CreateShell second = (CreateShell) requests.get(1).body();
        assertThat(first.shellId()).matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
                .isEqualTo(a.shellId()).isNotEqualTo(second.shellId());
        a.detach();
        b.detach();
        assertThat(requests).as("detach sends nothing").hasSize(2);
    }

    @Test
    void disconnectSendsIdleTimeoutAndBufferModeAndEndsTheHandle() {
        Shell shell = client.openShell(endpoint);
        shell.disconnect(Duration.ofSeconds(90), BufferMode.DROP);
        Envelope sent = requests.get(1);
        assertThat(sent.header().action()).isEqualTo(WsmanAction.DISCONNECT.uri());
        assertThat(sent.header().shellId()).contains(shell.shellId());
        assertThat(sent.body()).isEqualTo(new DisconnectRequest(Optional.of(Duration.ofSeconds(90)),
                Optional.of(BufferMode.DROP)));
        assertThat(shell.state()).isEqualTo(Shell.State.DISCONNECTED);
        assertThatThrownBy(() -> shell.execute("true", List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("disconnected");
        assertThatThrownBy(() -> shell.command("C")).isInstanceOf(IllegalStateException.class);
        shell.close();
        assertThat(requests).as("close after disconnect deletes nothing").hasSize(2);
        assertThat(shell.state()).isEqualTo(Shell.State.CLOSED);
    }

    @Test
    void closeOfAnOpenShellDeletesIt() {
        Shell shell = client.openShell(endpoint);
        shell.close();
        shell.close();
        assertThat(requests).extracting(e -> e.header().action())
                .containsExactly(WsmanAction.CREATE.uri(), WsmanAction.DELETE.uri());
        assertThatThrownBy(() -> shell.disconnect()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badArgumentsFailBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client.reconnectShell(endpoint, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.connectShell(endpoint, null)).isInstanceOf(NullPointerException.class);
        Shell shell = client.attachShell(endpoint, "ABC");
        assertThatThrownBy(() -> shell.disconnect(Duration.ZERO, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(shell.state()).isEqualTo(Shell.State.OPEN);
        assertThat(requests).isEmpty();
        shell.detach();
    }
}
