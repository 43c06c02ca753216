package io.openwinrm.transport.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Echoes the request body with a prefix and counts invocations. */
final class StubHandler implements WsmanRequestHandler {

    final AtomicInteger handled = new AtomicInteger();
    final AtomicInteger identified = new AtomicInteger();
    final List<WsmanHttpRequest> requests = new CopyOnWriteArrayList<>();
    volatile Function<WsmanHttpRequest, CompletionStage<WsmanReply>> behaviour =
            r -> CompletableFuture.completedFuture(WsmanReply.ok(("echo:" + new String(r.body(), r.charset()))
                    .getBytes(StandardCharsets.UTF_8)));

    @Override
    public CompletionStage<WsmanReply> handle(WsmanHttpRequest request) {
        handled.incrementAndGet();
        requests.add(request);
        return behaviour.apply(request);
    }

    @Override
    public CompletionStage<WsmanReply> identifyAnonymously(WsmanHttpRequest request) {
        identified.incrementAndGet();
        requests.add(request);
        return CompletableFuture.completedFuture(WsmanReply.ok("identify".getBytes(StandardCharsets.UTF_8)));
    }
}
