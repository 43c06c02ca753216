package io.openwinrm.privsep.network;

import io.openwinrm.os.ipc.UnixSocket;
import io.openwinrm.privsep.wire.MonitorCodec;
import io.openwinrm.privsep.wire.MonitorMessage;
import io.openwinrm.privsep.wire.MonitorMessage.Config;
import io.openwinrm.privsep.wire.MonitorMessage.Exited;
import io.openwinrm.privsep.wire.MonitorMessage.Failed;
import io.openwinrm.privsep.wire.MonitorMessage.Hello;
import io.openwinrm.privsep.wire.MonitorMessage.HelloReply;
import io.openwinrm.privsep.wire.MonitorMessage.Reply;
import io.openwinrm.privsep.wire.MonitorMessage.Request;
import io.openwinrm.privsep.wire.WireException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network side's connection to its monitor: requests are answered by id on a reader thread; {@link Exited}
 * events go to the process that waits for them (or wait for it, when the exit overtook the launch reply), and
 * {@link Config} events to the configuration listener, {@link MonitorMessage.CredentialsChanged} to the credential
 * listeners. When the monitor goes away, every pending request fails and
 * {@link #onClosed} runs. Thread-safe.
 */
public final class MonitorClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** A reply and the descriptors that came with it (owned by the receiver). */
    public record Received(Reply reply, int[] fds) {
    }

    /** The monitor refused; {@link #kind()} says how to report it. */
    public static final class MonitorRefusal extends IOException {
        private static final long serialVersionUID = 1L;
        private final MonitorMessage.Failure kind;

        MonitorRefusal(Failed failed) {
            super(failed.message());
            this.kind = failed.kind();
        }

        public MonitorMessage.Failure kind() {
            return kind;
        }
    }

    /** A request waiting for its reply, and where the reply is delivered. */
    private record Waiting(CompletableFuture<Received> reply, boolean async) {
    }

    private final UnixSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Waiting> pending = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Integer>> exits = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Exits and configuration are delivered here, never on the reader (their callbacks may call the monitor). */
    private final java.util.concurrent.ExecutorService events = java.util.concurrent.Executors.newCachedThreadPool(
            r -> {
                Thread t = new Thread(r, "monitor-event");
                t.setDaemon(true);
                return t;
            });
    private volatile Consumer<Config> configListener = c -> { };
    private final java.util.List<Runnable> credentialListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private HelloReply hello;

    private MonitorClient(UnixSocket socket) {
        this.socket = socket;
    }

    /** Starts reading from {@code socket} and says Hello. */
    public static MonitorClient open(UnixSocket socket, Consumer<Config> onConfig) throws IOException {
        MonitorClient client = new MonitorClient(socket);
        client.configListener = onConfig;
        Thread reader = new Thread(client::read, "monitor-client");
        reader.setDaemon(true);
        reader.start();
        Reply reply = client.call(id -> new Hello(id, MonitorMessage.VERSION)).reply();
        if (!(reply instanceof HelloReply h)) {
            throw new IOException("the monitor answered Hello with " + reply);
        }
        client.hello = h;
        return client;
    }

    public HelloReply hello() {
        return hello;
    }

    /**
     * Runs {@code listener} on the reader thread whenever the monitor says the account store changed, and once when
     * the connection to the monitor ends (it must not call the monitor).
     */
    public void onCredentialsChanged(Runnable listener) {
        credentialListeners.add(listener);
    }

    /** Completes when the connection to the monitor is gone. */
    public CompletableFuture<Void> onClosed() {
        return closed;
    }

    /**
     * Sends a request (built with the id given) and waits for its reply.
     *
     * @throws MonitorRefusal if the monitor answered {@link Failed}
     * @throws IOException    if the monitor is gone or did not answer in time
     */
    public Received call(LongFunction<Request> request) throws IOException {
        try {
            return send(request, false).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the monitor", e);
        } catch (TimeoutException e) {
            throw new IOException("the monitor did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /**
     * Sends a request without waiting for its reply. The monitor reads its socket in order, so what it is sent this
     * way reaches it before anything sent after it. The returned stage completes on the reader thread: whatever is
     * chained to it must be quick and must not call the monitor.
     */
    public CompletableFuture<Received> post(LongFunction<Request> request) {
        return send(request, false);
    }

    /** As {@link #call}, without waiting; the returned stage completes on an event thread. */
    public CompletableFuture<Received> callAsync(LongFunction<Request> request) {
        return send(request, true);
    }

    /**
     * Sends a request. A reply for a blocked {@link #call} completes on the reader thread (waking the caller is all
     * it does: one thread switch less per request); one for {@link #callAsync} on an event thread, since whatever
     * the caller chained to it may call the monitor again.
     */
    private CompletableFuture<Received> send(LongFunction<Request> request, boolean async) {
        long id = ids.incrementAndGet();
        CompletableFuture<Received> reply = new CompletableFuture<>();
        if (closed.isDone()) {
            reply.completeExceptionally(new IOException("the monitor is gone"));
            return reply;
        }
        pending.put(id, new Waiting(reply, async));
        try {
            socket.send(MonitorCodec.encode(request.apply(id)));
        } catch (IOException | RuntimeException e) {
            pending.remove(id);
            reply.completeExceptionally(e instanceof IOException ? e : new IOException(e));
        }
        return reply.thenCompose(r -> {
            if (r.reply() instanceof Failed f) {
                Arrays.stream(r.fds()).forEach(UnixSocket::quietClose);
                return CompletableFuture.failedFuture(new MonitorRefusal(f));
            }
            return CompletableFuture.completedFuture(r);
        });
    }

    /**
     * Completes with the exit status of the monitor's process {@code handle}; call once per process (the exit may
     * have arrived before the launch reply: it waits here).
     */
    public CompletableFuture<Integer> exitOf(String handle) {
        CompletableFuture<Integer> exit = exits.computeIfAbsent(handle, h -> new CompletableFuture<>());
        exit.whenComplete((status, error) -> exits.remove(handle, exit));
        return exit;
    }

    private void read() {
        try {
            while (true) {
                UnixSocket.Message m = socket.receive();
                if (m == null) {
                    LOG.error("the monitor closed its connection");
                    return;
                }
                MonitorMessage message;
                try {
                    message = MonitorCodec.decode(m.data());
                } catch (WireException e) {
                    LOG.error("a malformed message from the monitor: {}", e.getMessage());
                    Arrays.stream(m.fds()).forEach(UnixSocket::quietClose);
                    continue;
                }
                if (message instanceof Reply reply) {
                    Waiting waiting = pending.remove(reply.id());
                    if (waiting == null) {
                        Arrays.stream(m.fds()).forEach(UnixSocket::quietClose);
                    } else if (waiting.async()) {
                        waiting.reply().completeAsync(() -> new Received(reply, m.fds()), events);
                    } else {
                        waiting.reply().complete(new Received(reply, m.fds()));
                    }
                } else if (message instanceof Exited exited) {
                    exits.computeIfAbsent(exited.process(), h -> new CompletableFuture<>())
                            .completeAsync(exited::status, events);
                } else if (message instanceof Config config) {
                    events.execute(() -> configListener.accept(config));
                } else if (message instanceof MonitorMessage.CredentialsChanged) {
                    credentialListeners.forEach(Runnable::run); // before any later reply is delivered
                }
            }
        } catch (IOException e) {
            LOG.error("the connection to the monitor failed: {}", e.getMessage());
        } finally {
            credentialListeners.forEach(Runnable::run);
            closed.complete(null);
            IOException gone = new IOException("the monitor is gone");
            pending.values().forEach(w -> w.reply().completeExceptionally(gone));
            pending.clear();
            exits.values().forEach(f -> f.completeAsync(() -> 255, events));
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
