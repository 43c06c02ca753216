package io.openwinrm.client.powershell;

import io.openwinrm.client.Endpoint;
import io.openwinrm.client.ShellInfo;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.protocol.envelope.EnvelopeSizing;
import io.openwinrm.protocol.wsman.ResourceUris;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * PowerShell Remoting to one endpoint and session configuration ([MS-PSRP] 3.1.5.3.1): opens
 * {@link RunspacePool}s, lists the caller's pools ({@code Get-PSSession -ComputerName}) and connects to disconnected
 * ones, from this process or any other of the same user ({@code Connect-PSSession}). Immutable and thread-safe; each
 * pool has its own connections, made with the {@link WinRmClient}'s credentials, TLS settings and timeouts.
 *
 * <pre>{@code
 * PowerShellClient ps = PowerShellClient.of(winRmClient, Endpoint.parse("srv", false));
 * try (RunspacePool pool = ps.open()) {
 *     InvokeResult r = pool.invoke(PipelineRequest.script("Get-Service | Select-Object -First 3"),
 *             Duration.ofMinutes(1));
 *     r.output().forEach(o -> System.out.println(PsValues.toText(o)));
 * }
 * }</pre>
 */
public final class PowerShellClient {
    /** The default session configuration: Windows PowerShell's. */
    public static final String DEFAULT_CONFIGURATION = "Microsoft.PowerShell";

    private final WinRmClient client;
    private final Endpoint endpoint;
    private final String resourceUri;
    private final int maxEnvelopeSize;
    private final Supplier<ShellTransport> transports;

    private PowerShellClient(WinRmClient client, Endpoint endpoint, String resourceUri, int maxEnvelopeSize,
            Supplier<ShellTransport> transports) {
        this.client = client;
        this.endpoint = endpoint;
        this.resourceUri = resourceUri;
        this.maxEnvelopeSize = maxEnvelopeSize;
        this.transports = transports;
    }

    /** The default configuration ({@value #DEFAULT_CONFIGURATION}) on {@code endpoint}. */
    public static PowerShellClient of(WinRmClient client, Endpoint endpoint) {
        return of(client, endpoint, DEFAULT_CONFIGURATION);
    }

    /**
     * The session configuration {@code configurationName} on {@code endpoint}: resource URI
     * {@code http://schemas.microsoft.com/powershell/NAME} (PowerShell's {@code -ConfigurationName}); a full URI is
     * taken as it is. Requests carry at most {@link EnvelopeSizing#DEFAULT_CLIENT_MAX_ENVELOPE_SIZE} bytes, what every
     * WinRM service accepts.
     */
    public static PowerShellClient of(WinRmClient client, Endpoint endpoint, String configurationName) {
        return of(client, endpoint, configurationName, EnvelopeSizing.DEFAULT_CLIENT_MAX_ENVELOPE_SIZE);
    }

    /**
     * As {@link #of(WinRmClient, Endpoint, String)}, with the largest request the service accepts (its
     * MaxEnvelopeSizekb × 1024): fragments are sized so that each request stays within it ([MS-PSRP] 3.1.5.3.5).
     */
    public static PowerShellClient of(WinRmClient client, Endpoint endpoint, String configurationName,
            int maxEnvelopeSize) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(endpoint, "endpoint");
        String uri = resourceUri(configurationName);
        if (maxEnvelopeSize < EnvelopeSizing.MIN_MAX_ENVELOPE_SIZE) {
            throw new IllegalArgumentException("MaxEnvelopeSize must be at least "
                    + EnvelopeSizing.MIN_MAX_ENVELOPE_SIZE + " bytes");
        }
        return new PowerShellClient(client, endpoint, uri, maxEnvelopeSize,
                () -> new ChannelTransport(client.channel(endpoint, uri)));
    }

    /** For tests: pools over {@code transports} instead of HTTP. */
    static PowerShellClient over(Supplier<ShellTransport> transports, String configurationName,
            int maxEnvelopeSize) {
        return new PowerShellClient(null, null, resourceUri(configurationName), maxEnvelopeSize, transports);
    }

    /** The resource URI of a configuration name ([MS-PSRP] 3.1.5.1.1 note; psrp.md 1.1). */
    static String resourceUri(String configurationName) {
        Objects.requireNonNull(configurationName, "configurationName");
        String name = configurationName.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty configuration name");
        }
        if (name.contains("://")) {
            return name;
        }
        if (!name.matches("[A-Za-z0-9_.\\-]+")) {
            throw new IllegalArgumentException("invalid configuration name '" + configurationName
                    + "': letters, digits, '.', '-' and '_' only");
        }
        return ResourceUris.POWERSHELL_PREFIX + name;
    }

    /** The configuration's resource URI. */
    public String resourceUri() {
        return resourceUri;
    }

    /** Opens a pool of one runspace, without a host. */
    public RunspacePool open() {
        return open(PoolOptions.DEFAULT);
    }

    /**
     * Opens a pool ([MS-PSRP] 3.1.4.1) and waits until it is Opened.
     *
     * @throws RunspacePoolBrokenException if the server refused it with a reason (e.g. a configuration it rejects)
     * @throws io.openwinrm.client.WinRmFaultException if the service refused the Create (no such configuration,
     *                                                  access denied)
     */
    public RunspacePool open(PoolOptions options) {
        return RunspacePool.open(transports.get(), resourceUri, Objects.requireNonNull(options, "options"),
                maxEnvelopeSize);
    }

    /**
     * The caller's pools of this configuration, in any state: an Enumerate of the shell resource ([MS-WSMV]
     * 3.1.4.8) kept to this resource URI (compared ignoring case, as Windows writes {@code powershell} in lower case).
     */
    public List<ShellInfo> listPools() {
        if (client == null) {
            throw new IllegalStateException("no WinRM client to enumerate with");
        }
        String wanted = resourceUri.toLowerCase(Locale.ROOT);
        return client.listShells(endpoint).stream()
                .filter(s -> s.resourceUri() != null && s.resourceUri().toLowerCase(Locale.ROOT).equals(wanted))
                .toList();
    }

    /** The caller's disconnected pools of this configuration: those {@link #connect} can take up. */
    public List<ShellInfo> listDisconnectedPools() {
        return listPools().stream().filter(ShellInfo::isDisconnected).toList();
    }

    /** {@link #connect(String, PoolOptions)} without a host. */
    public RunspacePool connect(String poolId) {
        return connect(poolId, PoolOptions.DEFAULT);
    }

    /**
     * Connects to a disconnected pool of the caller ([MS-PSRP] 3.1.4.10.3), e.g. one a process that has ended
     * disconnected; its pipelines can then be taken up with {@link RunspacePool#connectPipeline}.
     *
     * @param poolId the pool's ShellId (a GUID), as {@link #listDisconnectedPools()} gives it
     * @throws io.openwinrm.client.WinRmFaultException if there is no such disconnected pool of the caller
     */
    public RunspacePool connect(String poolId, PoolOptions options) {
        Objects.requireNonNull(poolId, "poolId");
        return RunspacePool.connect(transports.get(), resourceUri, poolId.strip(), Objects.requireNonNull(options,
                "options"), maxEnvelopeSize);
    }
}
