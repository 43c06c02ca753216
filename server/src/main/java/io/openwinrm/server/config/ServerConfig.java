package io.openwinrm.server.config;

import io.openwinrm.transport.server.AuthThrottleSettings;
import io.openwinrm.transport.server.TransportLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a running server needs, validated as a whole and immutable while it runs. Names follow WinRM's
 * configuration ({@code winrm get winrm/config}, [MS-WSMV] 2.2.4.42).
 *
 * @param listeners          the listeners to open
 * @param certificateFile    PEM certificate chain for HTTPS listeners
 * @param privateKeyFile     PEM PKCS#8 private key for HTTPS listeners
 * @param accountsFile       the account store used by Basic authentication
 * @param maxEnvelopeSizeKb  MaxEnvelopeSizekb (default 500): largest request accepted and reply sent
 * @param maxTimeout         MaxTimeoutms (default 60 s): cap on any OperationTimeout
 * @param auth               Service/Auth: the accepted schemes
 * @param shellLimits        the Winrs quotas
 * @param httpIdleTimeout    idle keep-alive connections are closed after this long
 * @param maxConcurrentOperationsPerUser Service/MaxConcurrentOperationsPerUser (default 1500): requests of one user
 *                           in flight at once; one more is answered with w:QuotaLimit 2150859174
 * @param transportLimits    connections in all and per client address, request read timeout, request body memory
 * @param authThrottle       the brake on failed authentications per client address and per account
 */
public record ServerConfig(List<ListenerSettings> listeners, Path certificateFile, Path privateKeyFile,
        Path accountsFile, int maxEnvelopeSizeKb, Duration maxTimeout, AuthSettings auth, ShellLimits shellLimits,
        Duration httpIdleTimeout, int maxConcurrentOperationsPerUser, TransportLimits transportLimits,
        AuthThrottleSettings authThrottle) {

    public static final int DEFAULT_MAX_ENVELOPE_SIZE_KB = 500;
    /** Windows' default (15 on Windows Server 2008 R2 and earlier). */
    public static final int DEFAULT_MAX_CONCURRENT_OPERATIONS_PER_USER = 1500;
    public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofMillis(60_000);
    public static final Duration DEFAULT_HTTP_IDLE_TIMEOUT = Duration.ofSeconds(120);

    public ServerConfig {
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(accountsFile, "accountsFile");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(shellLimits, "shellLimits");
        Objects.requireNonNull(httpIdleTimeout, "httpIdleTimeout");
        Objects.requireNonNull(transportLimits, "transportLimits");
        Objects.requireNonNull(authThrottle, "authThrottle");
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("no listener configured");
        }
        if (listeners.stream().map(ListenerSettings::name).distinct().count() != listeners.size()) {
            throw new IllegalArgumentException("listener names must be unique");
        }
        if (listeners.stream().anyMatch(ListenerSettings::https) && (certificateFile == null
                || privateKeyFile == null)) {
            throw new IllegalArgumentException("an HTTPS listener needs a certificate and a private key");
        }
        if (maxEnvelopeSizeKb < 32 || maxEnvelopeSizeKb > 65536) {
            throw new IllegalArgumentException("max_envelope_size_kb must be between 32 and 65536, not "
                    + maxEnvelopeSizeKb);
        }
        if (maxTimeout.toMillis() < 500) {
            throw new IllegalArgumentException("max_timeout_ms must be at least 500");
        }
        if (maxConcurrentOperationsPerUser < 1) {
            throw new IllegalArgumentException("max_concurrent_operations_per_user must be at least 1, not "
                    + maxConcurrentOperationsPerUser);
        }
        if (transportLimits.maxBufferedBodyBytes() < maxEnvelopeSizeKb * 1024L) {
            throw new IllegalArgumentException("request_buffer_kb (" + transportLimits.maxBufferedBodyBytes() / 1024
                    + ") must be at least max_envelope_size_kb (" + maxEnvelopeSizeKb + ")");
        }
    }

    /** With the transport's default limits and authentication throttle. */
    public ServerConfig(List<ListenerSettings> listeners, Path certificateFile, Path privateKeyFile, Path accountsFile,
                        int maxEnvelopeSizeKb, Duration maxTimeout, AuthSettings auth, ShellLimits shellLimits,
                        Duration httpIdleTimeout) {
        this(listeners, certificateFile, privateKeyFile, accountsFile, maxEnvelopeSizeKb, maxTimeout, auth,
                shellLimits, httpIdleTimeout, DEFAULT_MAX_CONCURRENT_OPERATIONS_PER_USER, TransportLimits.defaults(),
                AuthThrottleSettings.defaults());
    }

    /**
     * WinRM's defaults: HTTPS on 5986 and HTTP on 5985 on all addresses; Negotiate (NTLM, encrypted on HTTP) and
     * Basic over HTTPS.
     */
    public static ServerConfig defaults(Path certificateFile, Path privateKeyFile, Path accountsFile) {
        return new ServerConfig(List.of(ListenerSettings.https("0.0.0.0", 5986), ListenerSettings.http("0.0.0.0", 5985)),
                certificateFile, privateKeyFile, accountsFile, DEFAULT_MAX_ENVELOPE_SIZE_KB, DEFAULT_MAX_TIMEOUT,
                AuthSettings.defaults(accountsFile.resolveSibling("certificate-mappings")), ShellLimits.DEFAULTS,
                DEFAULT_HTTP_IDLE_TIMEOUT);
    }

    public ServerConfig withListeners(List<ListenerSettings> l) {
        return new ServerConfig(l, certificateFile, privateKeyFile, accountsFile, maxEnvelopeSizeKb, maxTimeout,
                auth, shellLimits, httpIdleTimeout, maxConcurrentOperationsPerUser, transportLimits,
                authThrottle);
    }

    public ServerConfig withMaxTimeout(Duration d) {
        return new ServerConfig(listeners, certificateFile, privateKeyFile, accountsFile, maxEnvelopeSizeKb, d,
                auth, shellLimits, httpIdleTimeout, maxConcurrentOperationsPerUser, transportLimits,
                authThrottle);
    }

    public ServerConfig withMaxEnvelopeSizeKb(int kb) {
        return new ServerConfig(listeners, certificateFile, privateKeyFile, accountsFile, kb, maxTimeout, auth,
                shellLimits, httpIdleTimeout, maxConcurrentOperationsPerUser, transportLimits,
                authThrottle);
    }

    public ServerConfig withAuth(AuthSettings a) {
        return new ServerConfig(listeners, certificateFile, privateKeyFile, accountsFile, maxEnvelopeSizeKb,
                maxTimeout, a, shellLimits, httpIdleTimeout, maxConcurrentOperationsPerUser, transportLimits,
                authThrottle);
    }

    public ServerConfig withShellLimits(ShellLimits s) {
        return new ServerConfig(listeners, certificateFile, privateKeyFile, accountsFile, maxEnvelopeSizeKb,
                maxTimeout, auth, s, httpIdleTimeout, maxConcurrentOperationsPerUser, transportLimits,
                authThrottle);
    }

    public ServerConfig withTransportLimits(TransportLimits t) {
        return new ServerConfig(listeners, certificateFile, privateKeyFile, accountsFile, maxEnvelopeSizeKb,
                maxTimeout, auth, shellLimits, httpIdleTimeout, maxConcurrentOperationsPerUser, t, authThrottle);
    }

    public ServerConfig withAuthThrottle(AuthThrottleSettings t) {
        return new ServerConfig(listeners, certificateFile, privateKeyFile, accountsFile, maxEnvelopeSizeKb,
                maxTimeout, auth, shellLimits, httpIdleTimeout, maxConcurrentOperationsPerUser, transportLimits,
                t);
    }

    public ServerConfig withMaxConcurrentOperationsPerUser(int n) {
        return new ServerConfig(listeners, certificateFile, privateKeyFile, accountsFile, maxEnvelopeSizeKb,
                maxTimeout, auth, shellLimits, httpIdleTimeout, n, transportLimits, authThrottle);
    }

    /** The same with other TLS files (a privilege-separated network side runs on its own copies). */
    public ServerConfig withTlsFiles(Path certificate, Path privateKey) {
        return new ServerConfig(listeners, certificate, privateKey, accountsFile, maxEnvelopeSizeKb, maxTimeout, auth,
                shellLimits, httpIdleTimeout, maxConcurrentOperationsPerUser, transportLimits, authThrottle);
    }
}
