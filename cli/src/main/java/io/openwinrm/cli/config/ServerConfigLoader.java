package io.openwinrm.cli.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.openwinrm.protocol.shell.BufferMode;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.config.AuthSettings;
import io.openwinrm.server.config.KerberosSettings;
import io.openwinrm.server.config.ListenerSettings;
import io.openwinrm.server.config.PasswordSource;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.server.config.ShellLimits;
import io.openwinrm.transport.server.AddressRanges;
import io.openwinrm.transport.server.AuthThrottleSettings;
import io.openwinrm.transport.server.InvalidIpFilterException;
import io.openwinrm.transport.server.IpFilter;
import io.openwinrm.transport.server.TransportLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code openwinrm.toml}. Every key is checked: an unknown key, a wrong type or an out-of-range value is an
 * error naming the file and the key (as {@code sshd -t} reports), never silently ignored. Relative paths are resolved
 * against the state directory. A missing file means the embedded defaults.
 *
 * <pre>
 * [service]                       # WinRM: winrm/config/Service
 * max_envelope_size_kb = 500      # MaxEnvelopeSizekb
 * max_timeout_ms = 60000          # MaxTimeoutms
 * http_idle_timeout_s = 120
 * max_connections = 2000         # open connections of all listeners; more are closed at accept
 * max_connections_per_address = 100   # open connections from one client address (IPv6: one /64)
 * request_read_timeout_s = 60    # a request's head and body must arrive within this (else 408, closed)
 * request_buffer_kb = 65536      # request bodies held in memory at once (503 + Retry-After over it)
 * unauthenticated_buffer_kb = 4096    # the part of it requests not yet authenticated may hold
 * auth_failure_limit = 10        # failed logons per address or account within the window before a block; 0: off
 * auth_failure_window_s = 60
 * auth_block_s = 30
 * ipv4_filter = "*"              # IPv4Filter: "*", "" (none) or "a.b.c.d", "first-last", "a.b.c.d/n", comma-separated
 * ipv6_filter = "*"              # IPv6Filter: same syntax; clients outside are closed at accept, before TLS
 * max_concurrent_operations_per_user = 1500   # MaxConcurrentOperationsPerUser: one user's requests in flight
 *
 * [auth]                          # WinRM: winrm/config/Service/Auth
 * basic = true                    # Basic over HTTPS (and HTTP listeners with allow_unencrypted)
 * negotiate = true                # NTLM via Negotiate; messages encrypted on HTTP
 * certificate = false             # TLS client certificates (needs client_ca), mapped by 'user map-cert'
 * client_ca = "tls/clients.pem"
 * certificate_map = "certificate-mappings"
 * cbt_hardening = "relaxed"       # none | relaxed | strict (CbtHardeningLevel)
 * kerberos = false                # Kerberos through Negotiate and the Kerberos scheme (needs a keytab)
 * credssp = false                 # CredSSP: clients hand this server their password (second hop); see README
 *
 * [accounts]
 * file = "accounts"
 * password_source = "both"        # pam | store | both (PAM first); default both as root, store otherwise
 *
 * [kerberos]
 * keytab = "/etc/krb5.keytab"     # HTTP/host and WSMAN/host keys; readable by the server (the monitor) only
 * principal = ""                  # the one service principal to accept; empty: any in the keytab
 * realms = []                     # user@REALM runs as the account "user"; empty: krb5.conf's default realm
 * krb5_conf = ""                  # a krb5.conf other than the system's
 * principal_map = "principal-mappings"   # explicit principal -> account ('user map-principal')
 *
 * [winrs]                         # WinRM: winrm/config/Winrs
 * max_shells_per_user = 30
 * max_concurrent_users = 10
 * max_processes_per_shell = 25
 * idle_timeout_ms = 7200000
 * max_output_per_shell_mb = 256  # MaxMemoryPerShellMB's role: output buffered until received; beyond it the
 *                                # command pauses (nothing lost)
 * max_output_total_mb = 1024     # the same for all shells together (default: a quarter of the JVM's max heap)
 * disconnected_idle_timeout_ms = 7200000   # a disconnected shell is closed after this (Disconnect may ask less)
 * buffer_mode = "block"          # while disconnected: "block" pauses commands when full, "drop" drops the oldest
 * stdin_buffer_kb = 1024          # a command's input accepted but not yet read; a Send that does not fit waits
 * max_waiting_sends = 4           # Sends of one command waiting for room; one more is refused (w:QuotaLimit)
 * max_waiting_send_kb = 1024      # bytes those waiting Sends hold together (one Send may always wait)
 *
 * [tls]
 * certificate = "tls/server.crt"
 * private_key = "tls/server.key"
 *
 * [accounts]
 * file = "accounts"
 *
 * [security]
 * isolation = "auto"             # auto: commands run as the caller's OS account when the server can (root);
 *                                # on: refuse to start otherwise; off: everything runs as the server's account
 * audit_log = "audit/audit.jsonl" # one JSON line per access decision and command
 * hide_processes = true           # non-administrators see only their own processes (a private /proc)
 *
 * [[listener]]
 * name = "https"  address = "0.0.0.0"  port = 5986  transport = "https"
 * [[listener]]
 * name = "http"   address = "0.0.0.0"  port = 5985  transport = "http"  allow_unencrypted = false
 * ipv4_filter = "10.0.0.0/8"     # optional: this listener's own filter instead of [service]'s
 * </pre>
 */
public final class ServerConfigLoader {

    public static final String DEFAULT_CERTIFICATE = "tls/server.crt";
    public static final String DEFAULT_PRIVATE_KEY = "tls/server.key";
    public static final String DEFAULT_ACCOUNTS = "accounts";
    public static final String DEFAULT_CERTIFICATE_MAP = "certificate-mappings";

    private static final Map<String, Set<String>> SECTIONS = Map.of(
            "service", Set.of("max_envelope_size_kb", "max_timeout_ms", "http_idle_timeout_s", "ipv4_filter",
                    "ipv6_filter", "max_concurrent_operations_per_user", "max_connections",
                    "max_connections_per_address", "request_read_timeout_s",
                    "request_buffer_kb", "unauthenticated_buffer_kb", "auth_failure_limit", "auth_failure_window_s",
                    "auth_block_s"),
            "auth", Set.of("basic", "negotiate", "certificate", "client_ca", "certificate_map", "cbt_hardening",
                    "kerberos", "credssp"),
            "kerberos", Set.of("keytab", "principal", "realms", "krb5_conf", "principal_map"),
            "winrs", Set.of("max_shells_per_user", "max_concurrent_users", "max_processes_per_shell",
                    "idle_timeout_ms", "max_idle_timeout_ms", "max_shell_run_time_ms", "max_output_per_shell_mb",
                    "max_output_total_mb",
                    "disconnected_idle_timeout_ms", "max_disconnected_idle_timeout_ms", "buffer_mode",
                    "stdin_buffer_kb", "max_waiting_sends", "max_waiting_send_kb"),
            "tls", Set.of("certificate", "private_key"),
            "accounts", Set.of("file", "password_source"),
            "security", Set.of("isolation", "audit_log", "hide_processes", "privilege_separation"),
            "metrics", Set.of("listen"),
            "log", Set.of("format", "file"));
    private static final Set<String> LISTENER_KEYS = Set.of("name", "address", "port", "transport",
            "allow_unencrypted", "ipv4_filter", "ipv6_filter");

    private ServerConfigLoader() {
    }

    /** The embedded defaults for a state directory: WinRM's listeners and quotas, TLS material under {@code tls/}. */
    public static ServerConfig defaults(Path home) {
        return ServerConfig.defaults(home.resolve(DEFAULT_CERTIFICATE), home.resolve(DEFAULT_PRIVATE_KEY),
                home.resolve(DEFAULT_ACCOUNTS));
    }

    /** Loads {@code file}, or the defaults when it does not exist. */
    public static ServerConfig load(Path file, Path home) throws ConfigException {
        return ServerConfigFile.read(file, home).server();
    }

    /** Parses configuration text; {@code origin} names it in errors. */
    public static ServerConfig parse(String text, String origin, Path home) throws ConfigException {
        return parse(tree(text, origin), origin, home);
    }

    /** The TOML tree of configuration text (an empty table for empty text). */
    static JsonNode tree(String text, String origin) throws ConfigException {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException(origin + ": not valid TOML: " + e.getOriginalMessage());
        }
        return root == null ? new TomlMapper().createObjectNode() : root;
    }

    /** The server configuration of a parsed file: every section and key checked. */
    static ServerConfig parse(JsonNode root, String origin, Path home) throws ConfigException {
        Reader r = new Reader(origin);
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!SECTIONS.containsKey(key) && !key.equals("listener")) {
                throw new ConfigException(origin + ": unknown section or key '" + key + "'");
            }
            if (!key.equals("listener")) {
                r.checkKeys(key, root.get(key), SECTIONS.get(key));
            }
        }
        ServerConfig d = defaults(home);
        JsonNode service = root.path("service");
        JsonNode winrs = root.path("winrs");
        int envelopeKb = r.intValue(service, "service.max_envelope_size_kb", d.maxEnvelopeSizeKb(), 32, 65536);
        Duration maxTimeout = Duration.ofMillis(r.intValue(service, "service.max_timeout_ms",
                (int) d.maxTimeout().toMillis(), 500, Integer.MAX_VALUE));
        Duration idle = Duration.ofSeconds(r.intValue(service, "service.http_idle_timeout_s",
                (int) d.httpIdleTimeout().toSeconds(), 1, 86400));
        int operationsPerUser = r.intValue(service, "service.max_concurrent_operations_per_user",
                d.maxConcurrentOperationsPerUser(), 1, 1_000_000);
        TransportLimits limits = transportLimits(r, service, d.transportLimits(), envelopeKb, origin);
        AuthThrottleSettings dt = d.authThrottle();
        AuthThrottleSettings throttle = new AuthThrottleSettings(
                r.intValue(service, "service.auth_failure_limit", dt.maxFailures(), 0, 100000),
                Duration.ofSeconds(r.intValue(service, "service.auth_failure_window_s", (int) dt.window().toSeconds(),
                        1, 86400)),
                Duration.ofSeconds(r.intValue(service, "service.auth_block_s", (int) dt.blockFor().toSeconds(), 1,
                        86400)));
        JsonNode authNode = root.path("auth");
        boolean basic = r.boolValue(authNode, "auth.basic", true);
        boolean negotiate = r.boolValue(authNode, "auth.negotiate", true);
        boolean certificate = r.boolValue(authNode, "auth.certificate", false);
        Path clientCa = authNode.has("client_ca") ? r.path(authNode, "auth.client_ca", home, null) : null;
        Path certMap = r.path(authNode, "auth.certificate_map", home, DEFAULT_CERTIFICATE_MAP);
        String cbt = r.text(authNode, "auth.cbt_hardening", "relaxed");
        boolean credssp = r.boolValue(authNode, "auth.credssp", false);
        Optional<KerberosSettings> kerberos = r.boolValue(authNode, "auth.kerberos", false)
                ? Optional.of(kerberos(r, root.path("kerberos"), home, origin)) : Optional.empty();

        ShellLimits dl = ShellLimits.DEFAULTS;
        ShellLimits shellLimits = dl.toBuilder()
                .maxShellsPerUser(r.intValue(winrs, "winrs.max_shells_per_user", dl.maxShellsPerUser(), 1, 100000))
                .maxConcurrentUsers(r.intValue(winrs, "winrs.max_concurrent_users", dl.maxConcurrentUsers(), 1,
                        100000))
                .maxProcessesPerShell(r.intValue(winrs, "winrs.max_processes_per_shell", dl.maxProcessesPerShell(),
                        1, 100000))
                .idleTimeout(Duration.ofMillis(r.intValue(winrs, "winrs.idle_timeout_ms",
                        (int) dl.idleTimeout().toMillis(), 60000, Integer.MAX_VALUE)))
                .maxIdleTimeout(Duration.ofMillis(r.intValue(winrs, "winrs.max_idle_timeout_ms",
                        (int) Math.min(Integer.MAX_VALUE, dl.maxIdleTimeout().toMillis()), 60000, Integer.MAX_VALUE)))
                .maxShellRunTime(Duration.ofMillis(r.intValue(winrs, "winrs.max_shell_run_time_ms",
                        (int) Math.min(Integer.MAX_VALUE, dl.maxShellRunTime().toMillis()), 60000,
                        Integer.MAX_VALUE)))
                .maxOutputPerShellBytes(r.intValue(winrs, "winrs.max_output_per_shell_mb",
                        (int) (dl.maxOutputPerShellBytes() >> 20), 1, 1024 * 1024) * (1L << 20))
                .maxOutputTotalBytes(r.intValue(winrs, "winrs.max_output_total_mb",
                        (int) (dl.maxOutputTotalBytes() >> 20), 1, 1024 * 1024) * (1L << 20))
                .disconnectedIdleTimeout(Duration.ofMillis(r.intValue(winrs, "winrs.disconnected_idle_timeout_ms",
                        (int) Math.min(Integer.MAX_VALUE, dl.disconnectedIdleTimeout().toMillis()), 1000,
                        Integer.MAX_VALUE)))
                .maxDisconnectedIdleTimeout(Duration.ofMillis(r.intValue(winrs,
                        "winrs.max_disconnected_idle_timeout_ms",
                        (int) Math.min(Integer.MAX_VALUE, dl.maxDisconnectedIdleTimeout().toMillis()), 1000,
                        Integer.MAX_VALUE)))
                .bufferMode(bufferMode(r.text(winrs, "winrs.buffer_mode", "block"), origin))
                .stdinBufferBytes(r.intValue(winrs, "winrs.stdin_buffer_kb", dl.stdinBufferBytes() / 1024, 4,
                        1024 * 1024) * 1024)
                .maxWaitingSends(r.intValue(winrs, "winrs.max_waiting_sends", dl.maxWaitingSends(), 1, 1000))
                .maxWaitingSendBytes(r.intValue(winrs, "winrs.max_waiting_send_kb",
                        (int) (dl.maxWaitingSendBytes() / 1024), 1, 1024 * 1024) * 1024L)
                .build();

        Path cert = r.path(root.path("tls"), "tls.certificate", home, DEFAULT_CERTIFICATE);
        Path key = r.path(root.path("tls"), "tls.private_key", home, DEFAULT_PRIVATE_KEY);
        Path accounts = r.path(root.path("accounts"), "accounts.file", home, DEFAULT_ACCOUNTS);
        PasswordSource passwordSource;
        try {
            passwordSource = PasswordSource.parse(r.text(root.path("accounts"), "accounts.password_source",
                    io.openwinrm.common.ProcessUser.isRoot() ? "both" : "store"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }

        IpFilter serviceFilter = r.ipFilter(service, "service", IpFilter.ALLOW_ALL);
        List<ListenerSettings> listeners = new ArrayList<>();
        if (root.has("listener")) {
            listeners.addAll(r.listeners(root.get("listener"), serviceFilter));
        } else {
            d.listeners().forEach(l -> listeners.add(l.withIpFilter(serviceFilter)));
        }
        try {
            AuthSettings auth = new AuthSettings(basic, negotiate, certificate, clientCa, certMap, cbt, kerberos,
                    passwordSource, credssp);
            return new ServerConfig(listeners, cert, key, accounts, envelopeKb, maxTimeout, auth, shellLimits, idle,
                    operationsPerUser, limits, throttle);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }
    }

    /** The {@code [kerberos]} section. */
    private static KerberosSettings kerberos(Reader r, JsonNode node, Path home, String origin)
            throws ConfigException {
        Path keytab = r.path(node, "kerberos.keytab", home, KerberosSettings.DEFAULT_KEYTAB.toString());
        String principal = r.text(node, "kerberos.principal", "");
        String krb5Conf = r.text(node, "kerberos.krb5_conf", "");
        List<String> realms = new ArrayList<>();
        JsonNode list = node.get("realms");
        if (list != null) {
            if (!list.isArray()) {
                throw new ConfigException(origin + ": kerberos.realms must be an array of realm names");
            }
            for (JsonNode realm : list) {
                if (!realm.isTextual() || realm.asText().isBlank()) {
                    throw new ConfigException(origin + ": kerberos.realms must hold realm names (strings)");
                }
                realms.add(realm.asText());
            }
        }
        return new KerberosSettings(keytab, principal.isEmpty() ? Optional.empty() : Optional.of(principal), realms,
                krb5Conf.isEmpty() ? Optional.empty() : Optional.of(home.resolve(krb5Conf)),
                r.path(node, "kerberos.principal_map", home, "principal-mappings"));
    }

    /**
     * {@code [security]} of a parsed (and validated) file, defaults when the section is missing:
     * {@code isolation = "auto" | "on" | "off"}, {@code audit_log}, {@code hide_processes},
     * {@code privilege_separation}.
     */
    static SecuritySettings security(JsonNode root, String origin, Path home) throws ConfigException {
        JsonNode security = root.path("security");
        Reader r = new Reader(origin);
        String mode = r.text(security, "security.isolation", "auto");
        Path audit = security.isMissingNode() ? SecuritySettings.defaults(home).auditLog()
                : r.path(security, "security.audit_log", home, SecuritySettings.DEFAULT_AUDIT_LOG);
        boolean hide = r.boolValue(security, "security.hide_processes", true);
        String separation = r.text(security, "security.privilege_separation", "auto");
        try {
            return new SecuritySettings(IsolationMode.parse(mode), audit, hide, separation);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }
    }

    /**
     * {@code [metrics] listen = "HOST:PORT"} ({@code [v6]:PORT} for IPv6): where the Prometheus text endpoint listens;
     * empty (off) when absent. The port must be none of the WinRM listeners'.
     *
     * @param text the configuration text (already validated by {@link #parse})
     */
    public static Optional<InetSocketAddress> parseMetrics(String text, String origin,
                                                           List<ListenerSettings> listeners) throws ConfigException {
        return metrics(tree(text, origin), origin, listeners);
    }

    /** {@code [metrics] listen} of a parsed file, checked against the WinRM listeners. */
    static Optional<InetSocketAddress> metrics(JsonNode root, String origin, List<ListenerSettings> listeners)
            throws ConfigException {
        if (!root.path("metrics").has("listen")) {
            return Optional.empty();
        }
        String listen = new Reader(origin).text(root.path("metrics"), "metrics.listen", "");
        int colon = listen.lastIndexOf(':');
        String host = colon > 0 ? listen.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new ConfigException(origin + ": metrics.listen must be HOST:PORT (e.g. \"127.0.0.1:9985\"), not '"
                    + listen + "'");
        }
        for (ListenerSettings l : listeners) {
            if (port != 0 && l.port() == port) {
                throw new ConfigException(origin + ": metrics.listen port " + port + " is the port of listener '"
                        + l.name() + "': the metrics endpoint never shares a WinRM listener");
            }
        }
        try {
            return Optional.of(new InetSocketAddress(java.net.InetAddress.getByName(host), port));
        } catch (java.net.UnknownHostException e) {
            throw new ConfigException(origin + ": metrics.listen: unknown host '" + host + "'");
        }
    }

    /** {@code [log]}: the format, and the file (standard error when absent). */
    public record LogSettings(io.openwinrm.cli.logging.LogFormat format, Optional<Path> file) {
    }

    /**
     * {@code [log] format = "text" | "json"} and {@code file = PATH} (relative to the state directory) of a parsed
     * file; text to standard error when the section is missing.
     */
    static LogSettings log(JsonNode root, String origin, Path home) throws ConfigException {
        JsonNode log = root.path("log");
        if (log.isMissingNode()) {
            return new LogSettings(io.openwinrm.cli.logging.LogFormat.TEXT, Optional.empty());
        }
        Reader r = new Reader(origin);
        try {
            io.openwinrm.cli.logging.LogFormat format = io.openwinrm.cli.logging.LogFormat.parse(
                    r.text(log, "log.format", "text"));
            Optional<Path> file = log.has("file") ? Optional.of(r.path(log, "log.file", home, null))
                    : Optional.empty();
            return new LogSettings(format, file);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }
    }

    /** The connection, read-time and body-memory limits of {@code [service]}, checked against each other. */
    private static TransportLimits transportLimits(Reader r, JsonNode service, TransportLimits d, int envelopeKb,
            String origin) throws ConfigException {
        int connections = r.intValue(service, "service.max_connections", d.maxConnections(), 1, 1_000_000);
        int perAddress = r.intValue(service, "service.max_connections_per_address", d.maxConnectionsPerAddress(), 1,
                1_000_000);
        if (perAddress > connections) {
            throw new ConfigException(origin + ": 'service.max_connections_per_address' (" + perAddress
                    + ") must not exceed 'service.max_connections' (" + connections + ")");
        }
        int readTimeout = r.intValue(service, "service.request_read_timeout_s",
                (int) d.requestReadTimeout().toSeconds(), 1, 3600);
        int bufferKb = r.intValue(service, "service.request_buffer_kb", (int) (d.maxBufferedBodyBytes() / 1024), 32,
                16 * 1024 * 1024);
        if (bufferKb < envelopeKb) {
            throw new ConfigException(origin + ": 'service.request_buffer_kb' (" + bufferKb
                    + ") must be at least 'service.max_envelope_size_kb' (" + envelopeKb + ")");
        }
        int unauthenticatedKb = r.intValue(service, "service.unauthenticated_buffer_kb",
                (int) (d.maxUnauthenticatedBytes() / 1024), 16, 16 * 1024 * 1024);
        return new TransportLimits(connections, perAddress, Duration.ofSeconds(readTimeout), bufferKb * 1024L,
                unauthenticatedKb * 1024L);
    }

    private static BufferMode bufferMode(String text, String origin) throws ConfigException {
        return switch (text) {
            case "block" -> BufferMode.BLOCK;
            case "drop" -> BufferMode.DROP;
            default -> throw new ConfigException(origin + ": 'winrs.buffer_mode' must be \"block\" or \"drop\"");
        };
    }

    /** Typed access with precise errors. */
    private record Reader(String origin) {

        void checkKeys(String section, JsonNode node, Set<String> allowed) throws ConfigException {
            if (!(node instanceof ObjectNode)) {
                throw new ConfigException(origin + ": '" + section + "' must be a table ([" + section + "])");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    throw new ConfigException(origin + ": unknown key '" + section + "." + k + "'");
                }
            }
        }

        int intValue(JsonNode section, String dotted, int dflt, int min, int max) throws ConfigException {
            JsonNode v = section.get(dotted.substring(dotted.indexOf('.') + 1));
            if (v == null) {
                return dflt;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new ConfigException(origin + ": '" + dotted + "' must be an integer");
            }
            int i = v.intValue();
            if (i < min || i > max) {
                throw new ConfigException(origin + ": '" + dotted + "' must be between " + min + " and " + max
                        + ", not " + i);
            }
            return i;
        }

        boolean boolValue(JsonNode section, String dotted, boolean dflt) throws ConfigException {
            JsonNode v = section.get(dotted.substring(dotted.indexOf('.') + 1));
            if (v == null) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw new ConfigException(origin + ": '" + dotted + "' must be true or false");
            }
            return v.booleanValue();
        }

        String text(JsonNode section, String dotted, String dflt) throws ConfigException {
            JsonNode v = section.get(dotted.substring(dotted.indexOf('.') + 1));
            if (v == null) {
                return dflt;
            }
            if (!v.isTextual() || v.textValue().isBlank()) {
                throw new ConfigException(origin + ": '" + dotted + "' must be a non-empty string");
            }
            return v.textValue();
        }

        Path path(JsonNode section, String dotted, Path home, String dflt) throws ConfigException {
            String text = text(section, dotted, dflt);
            try {
                return home.resolve(text);
            } catch (InvalidPathException e) {
                throw new ConfigException(origin + ": '" + dotted + "' is not a valid path: " + e.getReason());
            }
        }

        /**
         * The {@code ipv4_filter} / {@code ipv6_filter} pair of a section; a key that is absent keeps
         * {@code dflt}'s value for its family.
         */
        IpFilter ipFilter(JsonNode section, String where, IpFilter dflt) throws ConfigException {
            AddressRanges v4 = ranges(section, where + ".ipv4_filter", AddressRanges.Family.IPV4, dflt.ipv4());
            AddressRanges v6 = ranges(section, where + ".ipv6_filter", AddressRanges.Family.IPV6, dflt.ipv6());
            return new IpFilter(v4, v6);
        }

        private AddressRanges ranges(JsonNode section, String dotted, AddressRanges.Family family,
                AddressRanges dflt) throws ConfigException {
            JsonNode v = section.get(dotted.substring(dotted.lastIndexOf('.') + 1));
            if (v == null) {
                return dflt;
            }
            if (!v.isTextual()) {
                throw new ConfigException(origin + ": '" + dotted + "' must be a string (\"*\", \"\" or addresses,"
                        + " ranges and CIDR blocks separated by commas)");
            }
            try {
                return AddressRanges.parse(v.textValue(), family);
            } catch (InvalidIpFilterException e) {
                throw new ConfigException(origin + ": '" + dotted + "': " + e.getMessage());
            }
        }

        List<ListenerSettings> listeners(JsonNode node, IpFilter serviceFilter) throws ConfigException {
            if (!node.isArray() || node.isEmpty()) {
                throw new ConfigException(origin + ": 'listener' must be one or more [[listener]] tables");
            }
            List<ListenerSettings> out = new ArrayList<>();
            int i = 0;
            for (JsonNode l : node) {
                String where = "listener[" + i++ + "]";
                checkKeys(where, l, LISTENER_KEYS);
                String transport = text(l, where + ".transport", null);
                if (transport == null || !(transport.equals("http") || transport.equals("https"))) {
                    throw new ConfigException(origin + ": '" + where + ".transport' must be \"http\" or \"https\"");
                }
                boolean https = transport.equals("https");
                String name = text(l, where + ".name", transport);
                String address = text(l, where + ".address", "0.0.0.0");
                int port = intValue(l, where + ".port", https ? 5986 : 5985, 0, 65535);
                boolean allowUnencrypted = boolValue(l, where + ".allow_unencrypted", false);
                if (https && allowUnencrypted) {
                    throw new ConfigException(origin + ": '" + where
                            + ".allow_unencrypted' applies to http listeners only");
                }
                out.add(new ListenerSettings(name, address, port, https, allowUnencrypted,
                        ipFilter(l, where, serviceFilter)));
            }
            return out;
        }
    }
}
