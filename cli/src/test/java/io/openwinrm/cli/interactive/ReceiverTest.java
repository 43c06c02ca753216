package io.openwinrm.cli.interactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.openwinrm.client.Command;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellOptions;
import io.openwinrm.client.TrustedHosts;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmTransportException;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DeleteResponse;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Receive whose connection breaks in the middle of the reply is asked again, a bounded number of times, against a
 * scripted endpoint on 127.0.0.1 that cuts the first {@code brokenReceives} replies short.
 */
@Timeout(20)
class ReceiverTest {

    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final String COMMAND_ID = "C0FFEE00-0000-0000-0000-000000000002";

    private HttpServer http;
    private final AtomicInteger receives = new AtomicInteger();
    private volatile int brokenReceives;
    private Shell shell;

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/wsman", exchange -> {
            Envelope req = CODEC.decode(exchange.getRequestBody().readAllBytes());
            WsmanAction action = WsmanAction.fromUri(req.header().action()).orElseThrow();
            if (action == WsmanAction.RECEIVE && receives.incrementAndGet() <= brokenReceives) {
                exchange.sendResponseHeaders(200, 5000);   // promise 5000 bytes, send 10, hang up
                exchange.getResponseBody().write("<s:Envelo".getBytes(StandardCharsets.US_ASCII));
                exchange.getResponseBody().flush();
                exchange.close();
                return;
            }
            Body reply = switch (action) {
                case CREATE -> new ShellCreated(((CreateShell) req.body()).shellId(), req.header().resourceUri(),
                        "http://127.0.0.1/wsman", "u", "127.0.0.1", Optional.of(Duration.ofHours(2)), List.of("stdin"),
                        List.of("stdout", "stderr"));
                case COMMAND -> new CommandResponse(COMMAND_ID);
                case RECEIVE -> new ReceiveResponse(List.of(new StreamData("stdout", COMMAND_ID,
                        "hi".getBytes(StandardCharsets.UTF_8), true)), CommandStateInfo.done(COMMAND_ID, 3));
                default -> new DeleteResponse();
            };
            byte[] out = CODEC.encode(new Envelope(Header.responseTo(req.header(), action.responseUri()), reply));
            exchange.getResponseHeaders().add("Content-Type", "application/soap+xml;charset=UTF-8");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        http.start();
        Endpoint endpoint = Endpoint.parse("http://127.0.0.1:" + http.getAddress().getPort() + "/wsman", true);
        WinRmClient client = WinRmClient.builder().credentials(Credentials.basic("u", "p".toCharArray()))
                .allowBasicOverHttp(true).trustedHosts(TrustedHosts.of(List.of("127.0.0.1"))).build();
        shell = client.openShell(endpoint, ShellOptions.DEFAULT.withLoginShell());
    }

    @AfterEach
    void stop() {
        shell.detach();
        http.stop(0);
    }

    @Test
    void aReceiveCutShortIsAskedAgain() {
        brokenReceives = 2;
        Command cmd = shell.execute("echo hi", List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Receiver.drain(cmd, (stream, data) -> out.writeBytes(data))).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi");
        assertThat(receives.get()).isEqualTo(3);
    }

    @Test
    void aConnectionThatStaysBrokenFailsAfterTheLastAttempt() {
        brokenReceives = Integer.MAX_VALUE;
        Command cmd = shell.execute("echo hi", List.of());
        assertThatThrownBy(() -> Receiver.drain(cmd, (stream, data) -> { })).isInstanceOf(
                WinRmTransportException.class);
        assertThat(receives.get()).isEqualTo(Receiver.MAX_ATTEMPTS);
    }
}
