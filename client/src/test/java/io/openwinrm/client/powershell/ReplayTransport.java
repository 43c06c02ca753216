package io.openwinrm.client.powershell;

import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.SignalResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A fake WinRM host at the {@link ShellTransport} seam that answers with replies recorded from Windows Server 2016
 * (vectors/windows/psrp-*.response.xml, decoded by the real WS-Man codec). Windows echoes the client's ShellId and
 * CommandId; the recordings hold the recording client's, so those ids are replaced by this client's before
 * decoding, nothing else. Receives are answered from per-target queues; an empty queue answers like Windows after
 * the OperationTimeout ({@code psrp-receive-timeout.response.xml}), after a short pause.
 */
final class ReplayTransport implements ShellTransport {
    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final String RECORDED_COMMAND = "79590BBD-46E2-486A-85B0-70EA7049235E";
    private static final List<String> RECORDED_SHELLS = List.of("76056A84-51DC-4F24-9262-CA2A55464B2B",
            "49EE5C41-E806-4A44-B192-DAD4B3AEECB5", "B6631D8E-65A0-49F2-9053-A1B156C95777");

    /** One request as the client made it. */
    record Call(WsmanAction action, String resourceUri, String shellId, OptionSet options, Body body) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, LinkedBlockingDeque<Supplier<Body>>> receives = new ConcurrentHashMap<>();
    private volatile String shellId;
    private volatile String commandId;
    volatile boolean closed;

    /** Queues an answer for the next Receive of the pool ({@code pipeline} false) or of any pipeline. */
    void queueReceive(boolean pipeline, Supplier<Body> answer) {
        receives.computeIfAbsent(pipeline ? "pipeline" : "", k -> new LinkedBlockingDeque<>()).add(answer);
    }

    /** Queues a recorded Receive answer. */
    void queueRecorded(boolean pipeline, String file) {
        queueReceive(pipeline, () -> recorded(file));
    }

    /** The CommandId of the last Command. */
    String commandId() {
        return commandId;
    }

    /** The body of a recorded reply, with the recording's ids replaced by this client's. */
    Body recorded(String file) {
        String xml = text(file);
        if (shellId != null) {
            for (String s : RECORDED_SHELLS) {
                xml = xml.replace(s, shellId);
            }
        }
        if (commandId != null) {
            xml = xml.replace(RECORDED_COMMAND, commandId);
        }
        return CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)).body();
    }

    static String text(String file) {
        try (InputStream in = ReplayTransport.class.getResourceAsStream("/vectors/windows/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("missing vector " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Call> calls(WsmanAction action) {
        List<Call> out = new ArrayList<>();
        calls.stream().filter(c -> c.action() == action).forEach(out::add);
        return out;
    }

    void useShellId(String id) {
        shellId = id;
    }

    @Override
    public <T extends Body> T call(WsmanAction action, String resourceUri, String shell, OptionSet options,
            Body body, Class<T> expect) {
        calls.add(new Call(action, resourceUri, shell, options, body));
        Body reply = switch (action) {
            case CREATE -> {
                shellId = ((CreateShell) body).shellId();
                yield recorded("psrp-create.response.xml");
            }
            case COMMAND -> {
                commandId = ((CommandRequest) body).commandId();
                yield recorded("psrp-command.response.xml");
            }
            case RECEIVE -> receive((ReceiveRequest) body);
            case CONNECT -> ((ConnectRequest) body).commandId() == null ? recorded("psrp-connect.response.xml")
                    : new SignalResponse();
            case DELETE -> recorded("psrp-delete.response.xml");
            case DISCONNECT -> recorded("psrp-disconnect.response.xml");
            case RECONNECT -> recorded("psrp-reconnect.response.xml");
            default -> new SignalResponse();
        };
        if (reply instanceof WsmanFault f) {
            throw new WinRmFaultException(f);
        }
        return expect == null ? null : expect.cast(reply);
    }

    private Body receive(ReceiveRequest r) {
        String key = r.commandId() == null ? "" : "pipeline";
        LinkedBlockingDeque<Supplier<Body>> queue = receives.computeIfAbsent(key, k -> new LinkedBlockingDeque<>());
        try {
            Supplier<Body> next = queue.poll(100, TimeUnit.MILLISECONDS);
            if (next != null) {
                return next.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return recorded("psrp-receive-timeout.response.xml");
    }

    @Override
    public void close() {
        closed = true;
    }
}
