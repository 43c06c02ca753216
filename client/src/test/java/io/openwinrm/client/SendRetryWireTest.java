package io.openwinrm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.SendResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Send the service answers with the OperationTimeout fault was not accepted: the client sends the same input
 * again ([MS-WSMV] 3.1.4.13); any other fault is the caller's error.
 */
@Timeout(20)
class SendRetryWireTest {

    private static final WsmanCodec CODEC = new WsmanCodec();

    private HttpServer http;
    private final List<SendRequest> sends = new CopyOnWriteArrayList<>();
    /** Faults to answer the next Sends with, in order; then SendResponse. */
    private final ConcurrentLinkedQueue<FaultKind> sendFaults = new ConcurrentLinkedQueue<>();
    private Endpoint endpoint;
    private WinRmClient client;

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/wsman", exchange -> {
            Envelope req = CODEC.decode(exchange.getRequestBody().readAllBytes());
            WsmanAction action = WsmanAction.fromUri(req.header().action()).orElseThrow();
            Body reply = switch (action) {
                case CREATE -> new ShellCreated(((CreateShell) req.body()).shellId(), req.header().resourceUri(),
                        "http://127.0.0.1/wsman", "u", "127.0.0.1", Optional.of(Duration.ofHours(2)), List.of("stdin"),
                        List.of("stdout", "stderr"));
                case COMMAND -> new CommandResponse("0C0C0C0C-0000-4000-8000-000000000001");
                case SEND -> {
                    sends.add((SendRequest) req.body());
                    FaultKind fault = sendFaults.poll();
                    yield fault == null ? new SendResponse() : WsmanFault.of(new WsmanFaultException(fault), "m");
                }
                default -> new io.openwinrm.protocol.shell.DeleteResponse();
            };
            boolean isFault = reply instanceof WsmanFault;
            String replyAction = isFault ? ((WsmanFault) reply).kind().orElseThrow().action() : action.responseUri();
            byte[] out = CODEC.encode(new Envelope(Header.responseTo(req.header(), replyAction), reply));
            exchange.getResponseHeaders().add("Content-Type", "application/soap+xml;charset=UTF-8");
            exchange.sendResponseHeaders(isFault ? 500 : 200, out.length);
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
    void aSendThatTimedOutIsSentAgainUntilAccepted() {
        sendFaults.add(FaultKind.TIMED_OUT);
        sendFaults.add(FaultKind.TIMED_OUT);
        try (Shell shell = client.openShell(endpoint)) {
            shell.execute("cat", List.of()).sendInput("input".getBytes(StandardCharsets.UTF_8), true);
        }
        assertThat(sends).hasSize(3).allSatisfy(s -> {
            assertThat(s.streams()).singleElement().satisfies(d -> {
                assertThat(d.data()).isEqualTo("input".getBytes(StandardCharsets.UTF_8));
                assertThat(d.end()).isTrue();
            });
        });
    }

    @Test
    void aRefusedSendIsAnError() {
        sendFaults.add(FaultKind.QUOTA_INPUT_BACKLOG);
        try (Shell shell = client.openShell(endpoint)) {
            Command command = shell.execute("cat", List.of());
            assertThatThrownBy(() -> command.sendInput(new byte[] {1}, false))
                    .isInstanceOf(WinRmFaultException.class).hasMessageContaining("2150859242");
        }
        assertThat(sends).hasSize(1);
    }
}
