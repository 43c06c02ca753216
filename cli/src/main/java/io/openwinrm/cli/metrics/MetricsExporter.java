package io.openwinrm.cli.metrics;

import io.openwinrm.server.metrics.RequestMetrics;
import io.openwinrm.server.metrics.ShellCounts;
import io.openwinrm.transport.server.TransportEvents;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Collects what the server reports ({@link RequestMetrics}, {@link TransportEvents}) and serves it in the Prometheus
 * text format at {@code http://LISTEN/metrics}:
 *
 * <ul>
 *   <li>{@code openwinrm_requests_total{action,result}} — WS-Man requests answered, {@code result} ok or fault;</li>
 *   <li>{@code openwinrm_request_duration_seconds{action}} — latency histogram;</li>
 *   <li>{@code openwinrm_request_bytes_total}, {@code openwinrm_reply_bytes_total} — SOAP bytes in and out
 *       (plaintext, before sealing);</li>
 *   <li>{@code openwinrm_authentications_total{mechanism,result}} — success, failure, or blocked (refused unjudged
 *       while the address or account is throttled);</li>
 *   <li>{@code openwinrm_shells{endpoint}}, {@code openwinrm_commands{endpoint}} — open now;</li>
 *   <li>the Java client's JVM metrics (memory pools, GC, threads).</li>
 * </ul>
 *
 * Every label value comes from a closed set (action names, configured schemes, registered endpoint names).
 */
public final class MetricsExporter implements RequestMetrics, TransportEvents, AutoCloseable {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("openwinrm_requests")
            .help("WS-Management requests answered, by action and result (ok or fault)")
            .labelNames("action", "result").register(registry);
    private final Histogram latency = Histogram.builder().name("openwinrm_request_duration_seconds")
            .help("Time from a decoded request to its encoded reply, by action").unit(Unit.SECONDS)
            .labelNames("action").classicOnly().register(registry);
    private final Counter received = Counter.builder().name("openwinrm_request_bytes")
            .help("SOAP bytes received (after decryption)").register(registry);
    private final Counter sent = Counter.builder().name("openwinrm_reply_bytes")
            .help("SOAP bytes sent (before encryption)").register(registry);
    private final Counter authentications = Counter.builder().name("openwinrm_authentications")
            .help("Authentication outcomes by mechanism: success, failure, blocked (refused while throttled)")
            .labelNames("mechanism", "result").register(registry);
    private final HTTPServer http;

    private MetricsExporter(InetSocketAddress listen, Supplier<ShellCounts> shells) throws IOException {
        GaugeWithCallback.builder().name("openwinrm_shells").help("Open shells by endpoint").labelNames("endpoint")
                .callback(cb -> shells.get().shells().forEach((endpoint, n) -> cb.call(n, endpoint)))
                .register(registry);
        GaugeWithCallback.builder().name("openwinrm_commands").help("Commands of open shells by endpoint")
                .labelNames("endpoint")
                .callback(cb -> shells.get().commands().forEach((endpoint, n) -> cb.call(n, endpoint)))
                .register(registry);
        JvmMetrics.builder().register(registry);
        http = HTTPServer.builder().inetAddress(listen.getAddress()).port(listen.getPort()).registry(registry)
                .buildAndStart();
    }

    /**
     * Starts the endpoint.
     *
     * @param shells open shells and commands now (asked at every scrape)
     * @throws IOException if the address cannot be bound
     */
    public static MetricsExporter start(InetSocketAddress listen, Supplier<ShellCounts> shells) throws IOException {
        return new MetricsExporter(listen, shells);
    }

    /** The port actually bound (a configured port 0 picks one). */
    public int port() {
        return http.getPort();
    }

    @Override
    public void request(String action, boolean fault, long nanos, long requestBytes, long replyBytes) {
        requests.labelValues(action, fault ? "fault" : "ok").inc();
        latency.labelValues(action).observe(nanos / 1e9);
        received.inc(requestBytes);
        sent.inc(replyBytes);
    }

    @Override
    public void authenticated(String scheme) {
        authentications.labelValues(scheme, "success").inc();
    }

    @Override
    public void authenticationFailed(String scheme) {
        authentications.labelValues(scheme, "failure").inc();
    }

    @Override
    public void authenticationBlocked(String scheme) {
        authentications.labelValues(scheme, "blocked").inc();
    }

    @Override
    public void close() {
        http.close();
    }
}
