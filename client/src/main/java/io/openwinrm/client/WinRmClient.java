package io.openwinrm.client;

import io.openwinrm.client.internal.ClientSettings;
import io.openwinrm.client.internal.WsmanChannel;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.PullRequest;
import io.openwinrm.protocol.shell.PullResponse;
import io.openwinrm.protocol.shell.IdentifyResponse;
import io.openwinrm.protocol.soap.EmptyBody;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * An immutable, thread-safe WinRM client. Build one with {@link #builder()}, share it, and open shells on any number of
 * endpoints:
 *
 * <pre>{@code
 * WinRmClient client = WinRmClient.builder()
 *         .credentials(Credentials.basic("admin", password))
 *         .trustCertificates(Path.of("server.pem"))
 *         .build();
 * CommandResult r = client.run(Endpoint.parse("host1", false), "uname -a");
 * }</pre>
 *
 * Each {@link Shell} owns its HTTP connections; closing the shell deletes it on the server ([MS-WSMV] 3.1.4.7).
 */
public final class WinRmClient {
    /** Shells asked for per Enumerate or Pull: Windows' MaxBatchItems, what Get-PSSession asks for. */
    private static final int LIST_BATCH = 32000;

    private final ClientSettings settings;

    private WinRmClient(ClientSettings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this client's settings. */
    public Builder newBuilder() {
        return new Builder(settings);
    }

    /** Opens a cmd shell on {@code endpoint} with default options. */
    public Shell openShell(Endpoint endpoint) {
        return openShell(endpoint, ShellOptions.DEFAULT);
    }

    /**
     * Opens a shell on {@code endpoint} ([MS-WSMV] 3.1.4.5): the cmd shell, or the resource
     * {@link ShellOptions#resourceUri()} names (e.g. OpenWinRM's {@link ShellOptions#withLoginShell() login shell});
     * every later operation on the shell addresses that resource.
     */
    public Shell openShell(Endpoint endpoint, ShellOptions options) {
        Objects.requireNonNull(endpoint, "endpoint");
        ShellOptions o = options == null ? ShellOptions.DEFAULT : options;
        WsmanChannel channel = new WsmanChannel(endpoint, settings, o.resourceUri());
        try {
            return Shell.create(channel, o);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reconnects to a shell this client process disconnected ([MS-WSMV] 3.1.4.16); output buffered meanwhile is
     * returned by the next receives of its commands ({@link Shell#command(String)}).
     *
     * @throws WinRmFaultException if the shell does not exist, is not the caller's, or is not disconnected
     */
    public Shell reconnectShell(Endpoint endpoint, String shellId) {
        return onNewChannel(endpoint, shellId, ch -> Shell.reconnect(ch, shellId));
    }

    /**
     * Connects to a disconnected shell of the same user from another process or host ([MS-WSMV] 3.1.4.17), e.g.
     * after the process that created it ended.
     *
     * @throws WinRmFaultException if the shell does not exist, is not the caller's, or is connected to a client
     *                             (disconnect it first)
     */
    public Shell connectShell(Endpoint endpoint, String shellId) {
        return onNewChannel(endpoint, shellId, ch -> Shell.connect(ch, shellId));
    }

    /**
     * A handle on a shell that is connected already, e.g. one created by another process of this user that did not
     * disconnect it, so that it can start commands in it or {@link Shell#disconnect() disconnect} it. Sends nothing;
     * a shell that does not exist or is disconnected surfaces as a {@link WinRmFaultException} at the first
     * operation.
     */
    public Shell attachShell(Endpoint endpoint, String shellId) {
        return onNewChannel(endpoint, shellId, ch -> Shell.attach(ch, shellId));
    }

    /**
     * The caller's shells on {@code endpoint} as the service sees them: an optimized Enumerate of the shell resource
     * with MaxElements 32000 ([MS-WSMV] 3.1.4.8), what {@code Get-PSSession -ComputerName} sends, then Pulls while the
     * service leaves items to pull (3.1.4.9). A service never lists other users' shells.
     */
    public List<ShellInfo> listShells(Endpoint endpoint) {
        try (WsmanChannel channel = new WsmanChannel(Objects.requireNonNull(endpoint, "endpoint"), settings)) {
            EnumerateResponse r = channel.call(WsmanAction.ENUMERATE, ResourceUris.SHELL, null, OptionSet.EMPTY,
                    new EnumerateRequest(true, OptionalInt.of(LIST_BATCH)), EnumerateResponse.class);
            List<io.openwinrm.protocol.shell.ShellInfo> items = new ArrayList<>(r.items());
            String context = r.endOfSequence() ? null : r.enumerationContext();
            while (context != null) {
                PullResponse p = channel.call(WsmanAction.PULL, ResourceUris.SHELL, null, OptionSet.EMPTY,
                        new PullRequest(context, OptionalInt.of(LIST_BATCH)), PullResponse.class);
                items.addAll(p.items());
                context = p.endOfSequence() ? null : p.enumerationContext();
            }
            return items.stream().map(ShellInfo::of).toList();
        }
    }

    /**
     * One shell of the caller, in any state: a Get of the shell resource with its ShellId ([MS-WSMV] 3.1.4.2.1).
     *
     * @throws WinRmFaultException if there is no such shell of the caller
     */
    public ShellInfo getShell(Endpoint endpoint, String shellId) {
        requireShellId(shellId);
        try (WsmanChannel channel = new WsmanChannel(Objects.requireNonNull(endpoint, "endpoint"), settings)) {
            return ShellInfo.of(channel.call(WsmanAction.GET, ResourceUris.SHELL, shellId, OptionSet.EMPTY,
                    new EmptyBody(), io.openwinrm.protocol.shell.ShellInfo.class));
        }
    }

    private Shell onNewChannel(Endpoint endpoint, String shellId, Function<WsmanChannel, Shell> open) {
        Objects.requireNonNull(endpoint, "endpoint");
        requireShellId(shellId);
        WsmanChannel channel = new WsmanChannel(endpoint, settings);
        try {
            return open.apply(channel);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void requireShellId(String shellId) {
        Objects.requireNonNull(shellId, "shellId");
        if (shellId.isBlank()) {
            throw new IllegalArgumentException("empty shell id");
        }
    }

    /**
     * A channel to {@code endpoint} whose shell operations address {@code resourceUri}, with this client's
     * credentials, TLS and timeouts: for the client's own protocol layers ({@code io.openwinrm.client.powershell});
     * not meant for applications. The caller closes it.
     *
     * @throws WinRmAuthenticationException before anything is sent when the credentials may not be used on it
     */
    public WsmanChannel channel(Endpoint endpoint, String resourceUri) {
        return new WsmanChannel(Objects.requireNonNull(endpoint, "endpoint"), settings,
                Objects.requireNonNull(resourceUri, "resourceUri"));
    }

    /** The operation timeout this client asks services for ([MS-WSMV] 3.1.4.1.8). */
    public Duration operationTimeout() {
        return settings.operationTimeout();
    }

    /**
     * Runs {@code commandLine} through the remote shell ({@code /bin/sh -c} on OpenWinRM, {@code cmd /c} on Windows)
     * and returns everything it wrote and its exit code.
     */
    public CommandResult run(Endpoint endpoint, String commandLine) {
        try (Shell shell = openShell(endpoint)) {
            return shell.run(commandLine, List.of());
        }
    }

    /**
     * Asks the service who it is ([MS-WSMV] 3.1.4.1.23). Unauthenticated, it sends the
     * {@code WSMANIDENTIFY: unauthenticated} header and the service hides its OS version.
     */
    public IdentifyResponse identify(Endpoint endpoint, boolean authenticated) {
        try (WsmanChannel channel = new WsmanChannel(endpoint, settings)) {
            return channel.identify(authenticated);
        }
    }

    /** Builds {@link WinRmClient}s. Not thread-safe; the built client is. */
    public static final class Builder {
        private Credentials credentials;
        private Path caFile;
        private String pinnedSha256;
        private boolean insecure;
        private Duration operationTimeout = Duration.ofSeconds(20);
        private Duration connectTimeout = Duration.ofSeconds(15);
        private int maxEnvelopeSize = 512_000;
        private boolean allowBasicOverHttp;
        private TrustedHosts trustedHosts = TrustedHosts.NONE;
        private TrustedHosts credSspHosts = TrustedHosts.NONE;

        private Builder() {
        }

        private Builder(ClientSettings s) {
            credentials = s.credentials();
            caFile = s.caFile();
            pinnedSha256 = s.pinnedSha256();
            insecure = s.insecure();
            operationTimeout = s.operationTimeout();
            connectTimeout = s.connectTimeout();
            maxEnvelopeSize = s.maxEnvelopeSize();
            allowBasicOverHttp = s.allowBasicOverHttp();
            trustedHosts = s.trustedHosts();
            credSspHosts = s.credSspHosts();
        }

        public Builder credentials(Credentials c) {
            this.credentials = Objects.requireNonNull(c, "credentials");
            return this;
        }

        /** Trusts the certificates (CA or self-signed server certificate) in a PEM file. */
        public Builder trustCertificates(Path pemFile) {
            this.caFile = pemFile;
            return this;
        }

        /** Accepts exactly the server certificate with this SHA-256 fingerprint (hex, colons optional). */
        public Builder pinCertificateSha256(String fingerprint) {
            this.pinnedSha256 = fingerprint;
            return this;
        }

        /** Skips all server certificate checks. Dangerous: anyone on the path can read the credentials. */
        public Builder insecureSkipVerification(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        /** How long the service may hold a Receive before answering "no output yet" ([MS-WSMV] 3.1.4.1.8). */
        public Builder operationTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("operation timeout must be positive");
            }
            this.operationTimeout = d;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** The MaxEnvelopeSize header, in bytes: the largest reply we accept (default 512000). */
        public Builder maxEnvelopeSize(int bytes) {
            if (bytes < 8192) {
                throw new IllegalArgumentException("MaxEnvelopeSize must be at least 8192 bytes");
            }
            this.maxEnvelopeSize = bytes;
            return this;
        }

        /**
         * Allows Basic credentials to travel over plain HTTP, in the clear. Off by default; only for test networks
         * whose server also allows unencrypted traffic.
         */
        public Builder allowBasicOverHttp(boolean allow) {
            this.allowBasicOverHttp = allow;
            return this;
        }

        /**
         * Hosts this client authenticates to over plain HTTP although their identity cannot be verified
         * (PowerShell's TrustedHosts). Default: none, so password authentication over HTTP fails before any
         * credential is sent.
         */
        public Builder trustedHosts(TrustedHosts hosts) {
            this.trustedHosts = Objects.requireNonNull(hosts, "hosts");
            return this;
        }

        /**
         * Hosts that {@link Credentials#credSsp} credentials may be delegated to (Windows' AllowFreshCredentials
         * policy; patterns as for {@link #trustedHosts}). Default: none, so CredSSP fails before the password leaves.
         */
        public Builder allowCredSspTo(TrustedHosts hosts) {
            this.credSspHosts = Objects.requireNonNull(hosts, "hosts");
            return this;
        }

        public WinRmClient build() {
            if (credentials == null) {
                throw new IllegalStateException("credentials are required");
            }
            return new WinRmClient(new ClientSettings(credentials, caFile, pinnedSha256, insecure, operationTimeout,
                    connectTimeout, maxEnvelopeSize, allowBasicOverHttp, trustedHosts, credSspHosts));
        }
    }
}
