package io.openwinrm.server;

import io.netty.handler.ssl.SslContext;
import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.audit.AuditTrail;
import io.openwinrm.server.audit.Transcripts;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.config.AuthSettings;
import io.openwinrm.server.config.ListenerSettings;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.server.dispatch.DispatchSettings;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.handler.ConfigResource;
import io.openwinrm.server.handler.ShellHandlers;
import io.openwinrm.server.metrics.RequestMetrics;
import io.openwinrm.server.psrp.PowerShellEngines;
import io.openwinrm.server.psrp.restricted.AuditedRestrictedAudit;
import io.openwinrm.server.psrp.restricted.RestrictedEngineFactory;
import io.openwinrm.server.shell.ShellListener;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.transport.server.ClientCertificateAuth;
import io.openwinrm.transport.server.ListenerConfig;
import io.openwinrm.transport.server.TransportEvents;
import io.openwinrm.transport.server.WsmanHttpServer;
import io.openwinrm.transport.tls.ServerSslContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running OpenWinRM server: listeners, authentication, the WS-Man dispatcher and the shell manager, wired together.
 * {@link #close()} stops the listeners, closes every shell and reaps every process.
 */
public final class WinRmServer implements AutoCloseable {

    /** WS-Man security profile URIs ([DSP0226] C.3) reported by Identify. */
    private static final String PROFILES = "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/";

    private final ServerConfig config;
    private final ShellManager shells;
    private final WsmanHttpServer http;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService blocking;
    private final List<BoundListener> bound;

    private WinRmServer(ServerConfig config, ShellManager shells, WsmanHttpServer http,
            ScheduledExecutorService scheduler, ExecutorService blocking, List<BoundListener> bound) {
        this.config = config;
        this.shells = shells;
        this.http = http;
        this.scheduler = scheduler;
        this.blocking = blocking;
        this.bound = bound;
    }

    /**
     * Starts a server.
     *
     * @param launcher how commands become processes (see the server-os module)
     * @param accounts the account store: passwords for Basic, NT hashes for NTLM
     * @throws IOException if a listener cannot bind or the TLS material cannot be read
     */
    public static WinRmServer start(ServerConfig config, ProcessLauncher launcher, AccountStore accounts)
            throws IOException {
        return start(config, launcher, accounts, AccessControl.singleUser());
    }

    /**
     * Starts a server with endpoints, per-user isolation and auditing.
     *
     * @param launcher how commands become processes (see the server-os module)
     * @param accounts the account store: passwords for Basic, NT hashes for NTLM
     * @param access   the endpoints, who callers are on this host, temporary accounts, and the audit log
     * @throws IOException if a listener cannot bind or the TLS material cannot be read
     */
    public static WinRmServer start(ServerConfig config, ProcessLauncher launcher, AccountStore accounts,
                                    AccessControl access) throws IOException {
        return start(config, ServerParts.local(config, launcher, accounts, access));
    }

    /**
     * Starts a server from its parts (a privilege-separated network side passes parts that ask its monitor).
     *
     * @throws IOException if a listener cannot bind or the TLS material cannot be read
     */
    public static WinRmServer start(ServerConfig config, ServerParts parts) throws IOException {
        return start(config, parts, RequestMetrics.NONE, TransportEvents.NONE);
    }

    /**
     * As {@link #start(ServerConfig, ServerParts)}, reporting every answered request to {@code requests} and every
     * authentication outcome to {@code authentication} (monitoring).
     */
    public static WinRmServer start(ServerConfig config, ServerParts parts, RequestMetrics requests,
                                    TransportEvents authentication) throws IOException {
        // receive completions (and the encoding of their replies) run here: one thread per core
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(
                Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("openwinrm-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        ExecutorService blocking = Executors.newCachedThreadPool(daemon("openwinrm-exec"));
        AccessControl access = parts.access();
        String serverAccount = access.callers().accounts().self().name();
        AuditTrail audit = new AuditTrail(access.audit(), serverAccount);
        ShellManager shells = ShellManager.builder(parts.launcher(), scheduler).limits(config.shellLimits())
                .listener(ShellListener.all(List.of(audit, new Transcripts(serverAccount, parts.transcripts()))))
                .build();
        try {
            AtomicReference<List<BoundListener>> boundNow = new AtomicReference<>(List.of());
            ConfigResource configResource = new ConfigResource(() -> ServiceConfigs.of(config,
                    ShellHandlers.MAX_BATCH_ITEMS, ShellHandlers.ENUMERATION_TIMEOUT.toMillis(), access.endpoints(),
                    boundNow.get()));
            // PowerShell endpoints: kind powershell bridges to pwsh -s, kind restricted runs the native JEA engine
            PowerShellEngines engines = PowerShellEngines.defaults().with(EndpointKind.RESTRICTED,
                    new RestrictedEngineFactory(new AuditedRestrictedAudit(access.audit(), serverAccount,
                            parts.transcripts())));
            WsmanDispatcher dispatcher = configResource.register(new ShellHandlers(shells, blocking, parts.contexts(),
                    engines)
                    .register(WsmanDispatcher.builder(dispatchSettings(config)).access(access, audit)
                            .blocking(blocking).metrics(requests)))
                    .build();
            WsmanHttpServer.Builder hb = WsmanHttpServer.builder()
                    .handler(dispatcher)
                    .maxEnvelopeSizeKb(config.maxEnvelopeSizeKb())
                    .idleTimeout(config.httpIdleTimeout())
                    .limits(config.transportLimits())
                    .authThrottle(config.authThrottle())
                    .events(authentication);
            parts.mechanisms().forEach(hb::authMechanism);
            ClientCertificateAuth certAuth = parts.certificates().isPresent()
                    ? ClientCertificateAuth.fromPem(config.certificateFile(), config.privateKeyFile(),
                            config.auth().clientCaFile(), parts.certificates().get())
                    : null;
            boolean anyTls = false;
            for (ListenerSettings l : config.listeners()) {
                ListenerConfig lc = new ListenerConfig(l.name(), new InetSocketAddress(l.address(), l.port()),
                        l.https(), l.allowUnencrypted()).withIpFilter(l.ipFilter());
                hb.listener(certAuth != null && l.https() ? lc.withClientCertificates(certAuth) : lc);
                anyTls |= l.https();
            }
            if (anyTls) {
                SslContext ssl = ServerSslContexts.fromPem(config.certificateFile(), config.privateKeyFile());
                hb.tls(ssl);
            }
            WsmanHttpServer http = hb.build();
            List<InetSocketAddress> addresses = http.start();
            List<BoundListener> bound = new ArrayList<>();
            for (int i = 0; i < addresses.size(); i++) {
                ListenerSettings l = config.listeners().get(i);
                bound.add(new BoundListener(l.name(), addresses.get(i), l.https()));
            }
            boundNow.set(List.copyOf(bound));
            return new WinRmServer(config, shells, http, scheduler, blocking, List.copyOf(bound));
        } catch (IOException | RuntimeException e) {
            shells.close();
            blocking.shutdownNow();
            scheduler.shutdownNow();
            throw e;
        }
    }

    private static DispatchSettings dispatchSettings(ServerConfig config) {
        return new DispatchSettings(config.maxEnvelopeSizeKb() * 1024L, config.maxTimeout(), machineName(),
                securityProfiles(config.auth()), config.maxConcurrentOperationsPerUser());
    }

    /**
     * The Identify security profiles ([MS-WSMV] 3.1.4.1.23): by enabled mechanism, not by listener. Basic gives
     * both http/basic and https/basic, Negotiate both spnego-kerberos profiles (DSP0226's name for the Negotiate
     * profile, whichever mechanism SPNEGO selects), certificates https/mutual.
     */
    static List<String> securityProfiles(AuthSettings auth) {
        List<String> profiles = new ArrayList<>();
        if (auth.basic()) {
            profiles.add(PROFILES + "http/basic");
            profiles.add(PROFILES + "https/basic");
        }
        if (auth.negotiate() || auth.kerberos().isPresent()) {
            profiles.add(PROFILES + "http/spnego-kerberos");
            profiles.add(PROFILES + "https/spnego-kerberos");
        }
        if (auth.certificate()) {
            profiles.add(PROFILES + "https/mutual");
        }
        return List.copyOf(profiles);
    }

    private static String machineName() {
        return ServerParts.machineName();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public ServerConfig config() {
        return config;
    }

    /** The listeners as bound (with the real port when 0 was configured), in configuration order. */
    public List<BoundListener> listeners() {
        return bound;
    }

    /** The first bound listener of the given kind. */
    public BoundListener listener(boolean https) {
        return bound.stream().filter(b -> b.https() == https).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + (https ? "HTTPS" : "HTTP") + " listener"));
    }

    public ShellManager shells() {
        return shells;
    }

    /** Stops listening, closes every shell (killing and reaping its processes) and stops the worker threads. */
    @Override
    public void close() {
        try {
            http.close();
        } finally {
            shells.close();
            blocking.shutdown();
            scheduler.shutdownNow();
            try {
                blocking.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A listener after binding. */
    public record BoundListener(String name, InetSocketAddress address, boolean https) {
        /** The endpoint URL, e.g. {@code https://127.0.0.1:5986/wsman}. */
        public String url() {
            String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
            if (host.indexOf(':') >= 0) {
                host = "[" + host + "]";
            }
            return (https ? "https" : "http") + "://" + host + ":" + address.getPort() + "/wsman";
        }
    }
}
