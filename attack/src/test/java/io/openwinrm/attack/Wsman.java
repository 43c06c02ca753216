package io.openwinrm.attack;

import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.transport.client.HttpConnection;
import io.openwinrm.transport.client.HttpResponse;
import io.openwinrm.transport.client.TlsClientSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hand-made WS-Management requests as an attacker sends them: one HTTPS connection (certificate not checked), HTTP
 * Basic on every request, any header and body. Not thread-safe: one per thread.
 */
final class Wsman implements AutoCloseable {

    static final WsmanCodec CODEC = new WsmanCodec();

    /** A reply: the HTTP status and the decoded envelope. */
    record Reply(int status, Envelope envelope) {
        Body body() {
            return envelope.body();
        }

        Optional<WsmanFault> fault() {
            return body() instanceof WsmanFault f ? Optional.of(f) : Optional.empty();
        }

        <T extends Body> T as(Class<T> type) {
            if (!type.isInstance(body())) {
                throw new AssertionError("expected " + type.getSimpleName() + ", got " + describe());
            }
            return type.cast(body());
        }

        String describe() {
            return fault().map(WsmanFault::describe).orElse(body().getClass().getSimpleName());
        }
    }

    private final URI url;
    private final HttpConnection connection;
    private final String authorization;

    /** @param readTimeout the longest wait for a reply (make it exceed the OperationTimeouts sent) */
    Wsman(URI https, String user, String password, Duration readTimeout) {
        this.url = https;
        this.connection = new HttpConnection(https.getHost(), https.getPort(), TlsClientSettings.insecure(),
                new HttpConnection.Options(Duration.ofSeconds(30), readTimeout, 64 * 1024 * 1024));
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    Wsman(URI https, String user, String password) {
        this(https, user, password, Duration.ofSeconds(90));
    }

    /** A request header as pywinrm sends it (MaxEnvelopeSize 512000 so that big Sends fit). */
    Header header(WsmanAction action, String resourceUri, String shellId, Duration operationTimeout) {
        Header h = Header.request(action, resourceUri, url.toString()).withMaxEnvelopeSize(512000)
                .withOperationTimeout(operationTimeout);
        return shellId == null ? h : h.withShellId(shellId);
    }

    Reply call(Header header, Body body) {
        return post(CODEC.encode(new Envelope(header, body)));
    }

    /** Posts an encoded envelope (built beforehand, so that many threads can fire at once). */
    Reply post(byte[] envelope) {
        try {
            HttpResponse r = connection.exchange("POST", url.getPath(), List.of(
                    Map.entry("Content-Type", "application/soap+xml;charset=UTF-8"),
                    Map.entry("Authorization", authorization)), envelope);
            if (r.status() != 200 && r.status() != 500) {
                throw new AssertionError("HTTP " + r.status() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            return new Reply(r.status(), CODEC.decode(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a cmd-style shell on {@code resourceUri}; {@code shellId} null to let the server choose. */
    String create(String resourceUri, String shellId) {
        return call(header(WsmanAction.CREATE, resourceUri, null, Duration.ofSeconds(20)),
                new CreateShell(shellId, List.of("stdin"), List.of("stdout", "stderr"), null, Map.of(),
                        Optional.empty(), Optional.empty(), null, null)).as(ShellCreated.class).shellId();
    }

    String command(String resourceUri, String shellId, String line) {
        return call(header(WsmanAction.COMMAND, resourceUri, shellId, Duration.ofSeconds(20)),
                new CommandRequest(null, line, List.of())).as(CommandResponse.class).commandId();
    }

    /** Receives until Done; returns stdout. */
    String output(String resourceUri, String shellId, String commandId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            Reply r = call(header(WsmanAction.RECEIVE, resourceUri, shellId, Duration.ofSeconds(20)),
                    new ReceiveRequest(commandId, List.of("stdout", "stderr")));
            if (r.fault().filter(WsmanFault::isTimedOut).isPresent()) {
                continue;
            }
            ReceiveResponse rr = r.as(ReceiveResponse.class);
            rr.streams().stream().filter(s -> s.name().equals("stdout")).forEach(s -> out.writeBytes(s.data()));
            if (rr.commandState().state() == CommandState.DONE) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** Runs {@code line} in the shell and returns its stdout. */
    String run(String resourceUri, String shellId, String line) {
        return output(resourceUri, shellId, command(resourceUri, shellId, line));
    }

    @Override
    public void close() {
        connection.close();
    }
}
