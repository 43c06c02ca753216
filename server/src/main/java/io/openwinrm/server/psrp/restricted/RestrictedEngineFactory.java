package io.openwinrm.server.psrp.restricted;

import io.openwinrm.server.psrp.engine.EngineContext;
import io.openwinrm.server.psrp.engine.EngineOutput;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.psrp.engine.RunspacePoolEngine;
import io.openwinrm.server.psrp.engine.RunspacePoolEngineFactory;
import java.util.Objects;

/**
 * Opens the native restricted engine ({@link RestrictedRunspacePool}) for shells of a restricted PowerShell
 * endpoint: a JEA-style NoLanguage runspace implemented in Java, running the programs the caller's roles allow.
 */
public final class RestrictedEngineFactory implements RunspacePoolEngineFactory {

    private final RestrictedAudit audit;
    private final RestrictedEngineLimits limits;

    public RestrictedEngineFactory(RestrictedAudit audit) {
        this(audit, RestrictedEngineLimits.DEFAULT);
    }

    public RestrictedEngineFactory(RestrictedAudit audit, RestrictedEngineLimits limits) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * @throws PsrpEngineException if the shell has no command policy (only restricted endpoints have one: a
     *                             misconfigured endpoint is refused, never served with an open policy)
     */
    @Override
    public RunspacePoolEngine open(EngineContext context, EngineOutput output) throws PsrpEngineException {
        if (context.shell().policy().isEmpty()) {
            throw new PsrpEngineException("the restricted PowerShell engine needs the endpoint's command policy; "
                    + "endpoint " + context.shell().endpoint().name() + " has none");
        }
        return new RestrictedRunspacePool(context, output, audit, limits);
    }
}
