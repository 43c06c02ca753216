package io.openwinrm.privsep.monitor;

import io.openwinrm.auth.certificate.CertificateMapper;
import io.openwinrm.auth.kerberos.KerberosSessionSecurity;
import io.openwinrm.auth.spi.DelegatedCredentials;
import io.openwinrm.auth.ntlm.NtlmSessionSecurity;
import io.openwinrm.auth.spi.SecurityContext;
import io.openwinrm.privsep.wire.MonitorMessage.KerberosSealing;
import io.openwinrm.privsep.wire.MonitorMessage.NtlmSealing;
import io.openwinrm.privsep.wire.MonitorMessage.Sealing;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.privsep.wire.MonitorMessage.AuthContinue;
import io.openwinrm.privsep.wire.MonitorMessage.AuthFailure;
import io.openwinrm.privsep.wire.MonitorMessage.AuthSuccess;
import io.openwinrm.privsep.wire.MonitorMessage.Authenticate;
import io.openwinrm.privsep.wire.MonitorMessage.AuthenticateCertificate;
import io.openwinrm.privsep.wire.MonitorMessage.Reply;
import io.openwinrm.transport.server.AuthThrottleSettings;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's half of authentication: it alone holds the account store and the certificate mapping, runs every
 * mechanism step the network side forwards, and issues a session handle — 128 random bits — for each success. A
 * handle is the only way the network side can later act for a user, so it cannot act for anyone who did not
 * authenticate. Failures are braked per account name here too (a compromised network side could otherwise guess
 * passwords at full speed). Bounded tables; thread-safe.
 */
final class MonitorAuth {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorAuth.class);
    private static final int MAX_EXCHANGES = 4096;
    private static final int MAX_SESSIONS = 65536;
    private static final long EXCHANGE_NANOS = 120_000_000_000L;
    private static final long SESSION_IDLE_NANOS = 12 * 3600_000_000_000L;
    private static final long PURGE_INTERVAL_NANOS = 1_000_000_000L;

    /**
     * An authenticated user, as far as the monitor is concerned: with what the client delegated for the second hop,
     * which stays here (the network side never holds it) until a shell of the session is given a credential cache.
     */
    record Session(String user, String mechanism, long createdNanos, Optional<DelegatedCredentials> delegated) {
    }

    private record Exchange(AuthMechanismFactory factory, AuthMechanism mechanism, long startedNanos) {
    }

    private static final class Failures {
        long windowStart;
        int count;
        long blockedUntil;
    }

    private final Map<String, AuthMechanismFactory> factories = new LinkedHashMap<>();
    private final AuthThrottleSettings throttle;
    private final Optional<CertificateMapper> certificates;
    private final Set<TrustAnchor> clientCas;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, Exchange> exchanges = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Failures> failures = new LinkedHashMap<>();
    private long lastPurge; // guarded by this
    private boolean purged; // guarded by this

    /** @param throttle the configured brake ({@code [service] auth_failure_*}), applied per account here */
    MonitorAuth(List<AuthMechanismFactory> mechanisms, Optional<CertificateMapper> certificates,
                List<X509Certificate> clientCas, AuthThrottleSettings throttle, LongSupplier clock) {
        this.throttle = throttle;
        mechanisms.forEach(f -> factories.put(f.scheme().toLowerCase(Locale.ROOT), f));
        this.certificates = certificates;
        Set<TrustAnchor> anchors = new java.util.HashSet<>();
        clientCas.forEach(c -> anchors.add(new TrustAnchor(c, null)));
        this.clientCas = Set.copyOf(anchors);
        this.clock = clock;
    }

    /** One leg of a forwarded HTTP authentication. */
    Reply authenticate(Authenticate request) {
        AuthMechanismFactory factory = factories.get(request.scheme().toLowerCase(Locale.ROOT));
        if (factory == null) {
            return new AuthFailure(request.id(), "scheme " + request.scheme() + " is not enabled", Optional.empty());
        }
        Exchange exchange;
        synchronized (this) {
            purge();
            exchange = exchanges.get(request.exchange());
            if (exchange == null || exchange.factory() != factory) {
                if (exchanges.size() >= MAX_EXCHANGES) {
                    return new AuthFailure(request.id(), "too many authentications in progress", Optional.empty());
                }
                exchange = new Exchange(factory, factory.create(), clock.getAsLong());
                exchanges.put(request.exchange(), exchange);
            }
        }
        AuthStep step;
        try {
            step = exchange.mechanism().step(request.token(), connection(request));
        } catch (RuntimeException e) {
            LOG.warn("authentication step failed: {}", e.toString());
            step = new AuthStep.Failure("malformed authentication token");
        }
        if (!(step instanceof AuthStep.Continue)) {
            synchronized (this) {
                exchanges.remove(request.exchange());
            }
        }
        if (step instanceof AuthStep.Continue c) {
            return new AuthContinue(request.id(), c.token());
        }
        if (step instanceof AuthStep.Success s) {
            if (blocked(s.user().name())) {
                return new AuthFailure(request.id(), "account blocked after repeated failures",
                        Optional.of(s.user().name()));
            }
            return new AuthSuccess(request.id(), s.user().name(), s.user().mechanism(), s.user().domain(),
                    newSession(s.user()), s.securityContext().flatMap(MonitorAuth::sealing), s.replyToken());
        }
        AuthStep.Failure f = (AuthStep.Failure) step;
        f.userName().ifPresent(this::recordFailure);
        return new AuthFailure(request.id(), f.reason(), f.userName());
    }

    /** What the network side needs to go on sealing with {@code context}. */
    static Optional<Sealing> sealing(SecurityContext context) {
        if (context instanceof NtlmSessionSecurity ntlm) {
            return Optional.of(new NtlmSealing(ntlm.exportedSessionKey(), ntlm.outgoingSequence(),
                    ntlm.incomingSequence()));
        }
        if (context instanceof KerberosSessionSecurity k) {
            return Optional.of(new KerberosSealing(k.encryptionType().number(), k.key(), k.acceptorSubkey(),
                    k.outgoingSequence(), k.incomingSequence(), k.encryptionProtocol()));
        }
        return Optional.empty();
    }

    /** A client certificate chain: verified again here against the configured issuers, then mapped. */
    Reply certificate(AuthenticateCertificate request) {
        if (certificates.isEmpty() || clientCas.isEmpty()) {
            return new AuthFailure(request.id(), "certificate authentication is not enabled", Optional.empty());
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : request.chain()) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
            if (chain.isEmpty()) {
                return new AuthFailure(request.id(), "no certificate", Optional.empty());
            }
            for (X509Certificate c : chain) {
                c.checkValidity();
            }
            PKIXParameters params = new PKIXParameters(clientCas);
            params.setRevocationEnabled(false);
            List<X509Certificate> path = chain.size() > 1 && isSelfSigned(chain.get(chain.size() - 1))
                    ? chain.subList(0, chain.size() - 1) : chain;
            if (!isTrustAnchor(path.get(0))) {
                CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return new AuthFailure(request.id(), "client certificate not trusted: " + e.getMessage(),
                    Optional.empty());
        }
        Optional<AuthenticatedUser> user = certificates.get().map(chain.toArray(X509Certificate[]::new));
        if (user.isEmpty()) {
            return new AuthFailure(request.id(), "client certificate maps to no account",
                    Optional.of(chain.get(0).getSubjectX500Principal().getName()));
        }
        return new AuthSuccess(request.id(), user.get().name(), user.get().mechanism(), user.get().domain(),
                newSession(user.get()), Optional.empty(), new byte[0]);
    }

    private boolean isTrustAnchor(X509Certificate c) {
        return clientCas.stream().anyMatch(a -> a.getTrustedCert().equals(c));
    }

    private static boolean isSelfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    /** The session behind {@code handle}, if the monitor issued it and it has not expired. */
    synchronized Optional<Session> session(String handle) {
        Session s = sessions.get(handle);
        if (s == null || clock.getAsLong() - s.createdNanos() > SESSION_IDLE_NANOS) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    private synchronized String newSession(AuthenticatedUser user) {
        purge();
        while (sessions.size() >= MAX_SESSIONS) {
            String eldest = sessions.keySet().iterator().next();
            sessions.remove(eldest);
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String handle = "s-" + HexFormat.of().formatHex(bytes);
        sessions.put(handle, new Session(user.name(), user.mechanism(), clock.getAsLong(), user.delegated()));
        return handle;
    }

    private synchronized boolean blocked(String user) {
        Failures f = failures.get(user.toLowerCase(Locale.ROOT));
        return f != null && f.blockedUntil != 0 && clock.getAsLong() - f.blockedUntil < 0;
    }

    private synchronized void recordFailure(String user) {
        if (throttle.maxFailures() == 0) {
            return;
        }
        long now = clock.getAsLong();
        long window = throttle.window().toNanos();
        if (failures.size() > MAX_EXCHANGES) {
            failures.entrySet().removeIf(e -> now - e.getValue().windowStart > window
                    && now - e.getValue().blockedUntil >= 0);
        }
        Failures f = failures.computeIfAbsent(user.toLowerCase(Locale.ROOT), u -> new Failures());
        if (now - f.windowStart > window) {
            f.windowStart = now;
            f.count = 0;
        }
        if (++f.count >= throttle.maxFailures()) {
            f.blockedUntil = now + Math.max(1, throttle.blockFor().toNanos());
            f.count = 0;
            LOG.warn("monitor: too many failed authentications for '{}'; refusing it for a while", user);
        }
    }

    private void purge() {
        long now = clock.getAsLong();
        if (purged && now - lastPurge < PURGE_INTERVAL_NANOS) {
            return; // a sweep walks every table: once a second at most, not per request
        }
        purged = true;
        lastPurge = now;
        exchanges.values().removeIf(e -> now - e.startedNanos() > EXCHANGE_NANOS);
        sessions.values().removeIf(s -> now - s.createdNanos() > SESSION_IDLE_NANOS);
    }

    private static ConnectionInfo connection(Authenticate request) {
        InetSocketAddress remote = InetSocketAddress.createUnresolved(request.remoteAddress(), 0);
        Optional<byte[]> binding = request.channelBinding().length == 0 ? Optional.empty()
                : Optional.of(request.channelBinding());
        return new ConnectionInfo() {
            @Override
            public InetSocketAddress remoteAddress() {
                return remote;
            }

            @Override
            public InetSocketAddress localAddress() {
                return InetSocketAddress.createUnresolved("0.0.0.0", 0);
            }

            @Override
            public boolean secure() {
                return request.secure();
            }

            @Override
            public String listenerName() {
                return request.secure() ? "https" : "http";
            }

            @Override
            public Optional<byte[]> tlsServerEndPoint() {
                return binding;
            }
        };
    }
}
