package io.openwinrm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DeleteResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.shell.SignalResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.ResourceUris;
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
 * What the client sends for OpenWinRM's login shell and its PTY, against a scripted endpoint on 127.0.0.1: the
 * resource URI on every operation, the PTY Create options and the window-size Signal.
 */
@Timeout(20)
class LoginShellWireTest {

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
                case COMMAND -> new CommandResponse("C0FFEE00-0000-0000-0000-000000000001");
                case SIGNAL -> new SignalResponse();
                default -> new DeleteResponse();
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
    void everyOperationOfALoginShellAddressesItsResourceAndCreateAsksForThePty() {
        Shell shell = client.openShell(endpoint, ShellOptions.DEFAULT.withLoginShell().withPty(132, 43, "screen"));
        Command cmd = shell.execute("", List.of());
        cmd.resizeTerminal(100, 30);
        shell.close();

        assertThat(requests).extracting(e -> e.header().action()).containsExactly(WsmanAction.CREATE.uri(),
                WsmanAction.COMMAND.uri(), WsmanAction.SIGNAL.uri(), WsmanAction.DELETE.uri());
        assertThat(requests).extracting(e -> e.header().resourceUri()).containsOnly(
                "http://schemas.openwinrm.io/wbem/wsman/1/shell/login");
        var options = requests.get(0).header().options();
        assertThat(options.get("OPENWINRM_PTY")).contains("TRUE");
        assertThat(options.get("OPENWINRM_PTY_COLUMNS")).contains("132");
        assertThat(options.get("OPENWINRM_PTY_ROWS")).contains("43");
        assertThat(options.get("OPENWINRM_TERM")).contains("screen");
        assertThat(((CommandRequest) requests.get(1).body()).command()).isEmpty();
        assertThat(requests.get(2).body()).isEqualTo(new SignalRequest("C0FFEE00-0000-0000-0000-000000000001",
                "http://schemas.openwinrm.io/wbem/wsman/1/shell/signal/window-size?columns=100&rows=30"));
    }

    @Test
    void aCmdShellStaysOnTheCmdResourceWithoutPtyOptions() {
        Shell shell = client.openShell(endpoint, ShellOptions.DEFAULT);
        shell.close();
        assertThat(requests).extracting(e -> e.header().resourceUri()).containsOnly(ResourceUris.CMD_SHELL);
        assertThat(requests.get(0).header().options().get("OPENWINRM_PTY")).isEmpty();
    }

    @Test
    void badSizesFailBeforeAnythingIsSent() {
        assertThatThrownBy(() -> ShellOptions.DEFAULT.withPty(0, 24, "xterm")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("0x24");
        assertThatThrownBy(() -> ShellOptions.DEFAULT.withPty(80, 10_001, "xterm")).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> ShellOptions.DEFAULT.withPty(80, 24, "x term")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("TERM");
        assertThatThrownBy(() -> ShellOptions.DEFAULT.withResourceUri(" ")).isInstanceOf(
                IllegalArgumentException.class);
        Shell shell = client.openShell(endpoint, ShellOptions.DEFAULT.withLoginShell());
        Command cmd = shell.execute("true", List.of());
        int before = requests.size();
        assertThatThrownBy(() -> cmd.resizeTerminal(10_001, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cmd.resizeTerminal(5, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(requests).hasSize(before);
        assertThat(Pty.windowSizeSignal(10_000, 1)).endsWith("window-size?columns=10000&rows=1");
        shell.detach();
    }
}
