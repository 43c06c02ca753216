package io.openwinrm.server.psrp.engine;

/** Opens the engine of a PowerShell endpoint kind for one new shell. */
@FunctionalInterface
public interface RunspacePoolEngineFactory {

    /**
     * @throws PsrpEngineException if the engine cannot start (no pwsh, the account cannot run it): the Create is
     *                             refused with that reason
     */
    RunspacePoolEngine open(EngineContext context, EngineOutput output) throws PsrpEngineException;
}
