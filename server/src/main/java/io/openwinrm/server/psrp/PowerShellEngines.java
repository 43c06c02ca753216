package io.openwinrm.server.psrp;

import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.psrp.engine.RunspacePoolEngineFactory;
import io.openwinrm.server.psrp.pwsh.PwshEngineFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which engine serves the runspace pools of which endpoint kind, and so which requests are PowerShell requests: every
 * request to an endpoint of kind {@link EndpointKind#POWERSHELL}, and requests on a PowerShell resource URI
 * ({@code http://schemas.microsoft.com/powershell/NAME}, [MS-PSRP] 3.1.4.1) to an endpoint of another kind that has
 * an engine here (the native restricted engine). Everything else keeps WinRS semantics. Immutable.
 */
public final class PowerShellEngines {

    private final Map<EndpointKind, RunspacePoolEngineFactory> byKind;

    public PowerShellEngines(Map<EndpointKind, RunspacePoolEngineFactory> byKind) {
        this.byKind = byKind.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(byKind));
    }

    /** The pwsh bridge for kind powershell. */
    public static PowerShellEngines defaults() {
        return new PowerShellEngines(Map.of(EndpointKind.POWERSHELL, new PwshEngineFactory()));
    }

    /** This set plus {@code factory} for {@code kind}. */
    public PowerShellEngines with(EndpointKind kind, RunspacePoolEngineFactory factory) {
        Map<EndpointKind, RunspacePoolEngineFactory> m = new EnumMap<>(EndpointKind.class);
        m.putAll(byKind);
        m.put(kind, factory);
        return new PowerShellEngines(m);
    }

    /** The engine of {@code endpoint}'s kind, if any. */
    public Optional<RunspacePoolEngineFactory> of(Endpoint endpoint) {
        return Optional.ofNullable(byKind.get(endpoint.kind()));
    }

    /** Whether a request on {@code resourceUri} to {@code endpoint} is served as PSRP. */
    public boolean serves(Endpoint endpoint, String resourceUri) {
        if (endpoint == null) {
            return false;
        }
        return endpoint.kind() == EndpointKind.POWERSHELL
                || (byKind.containsKey(endpoint.kind()) && Endpoint.isPowerShellUri(resourceUri));
    }
}
