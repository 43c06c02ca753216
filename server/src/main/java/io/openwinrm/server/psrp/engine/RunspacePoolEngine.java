package io.openwinrm.server.psrp.engine;

import java.util.OptionalLong;
import java.util.UUID;

/**
 * The server side of one runspace pool ([MS-PSRP] 3.2): PSRP fragment bytes in, fragment bytes out through its
 * {@link EngineOutput}. The WS-Man layer calls it from one shell's operations; implementations must be thread-safe
 * (a Receive, a Send and a Signal of the same shell may run concurrently).
 *
 * <p>Bad input from the client is answered inside PSRP where PSRP can say it (an ERROR_RECORD, a pipeline or pool
 * state Failed/Broken), else by a {@link PsrpEngineException}, which the WS-Man layer maps to a fault.
 */
public interface RunspacePoolEngine extends AutoCloseable {

    /**
     * Fragments for the pool: those of {@code rsp:creationXml} at Create (SESSION_CAPABILITY, INIT_RUNSPACEPOOL),
     * then those of every Send without a CommandId (stream {@code stdin} or {@code pr}).
     */
    void poolInput(byte[] fragments) throws PsrpEngineException;

    /**
     * A Command: the new pipeline's first fragments (CREATE_PIPELINE, or GET_COMMAND_METADATA) from
     * {@code rsp:Arguments}; {@code pipelineId} is the client's CommandId.
     */
    void createPipeline(UUID pipelineId, byte[] fragments) throws PsrpEngineException;

    /** A Send with a CommandId: PIPELINE_INPUT, END_OF_PIPELINE_INPUT ({@code stdin}) or host responses ({@code pr}). */
    void pipelineInput(UUID pipelineId, byte[] fragments) throws PsrpEngineException;

    /** Signal {@code powershell/signal/crtl_c}: stop the pipeline (its PIPELINE_STATE becomes Stopped). */
    void stopPipeline(UUID pipelineId);

    /**
     * Connect ([MS-PSRP] 3.1.4.10.3): the fragments of {@code connectXml} (SESSION_CAPABILITY, CONNECT_RUNSPACEPOOL)
     * in, those of {@code connectResponseXml} out, synchronously.
     */
    byte[] connect(byte[] fragments) throws PsrpEngineException;

    /**
     * The process serving the pool ({@code pwsh}), reported as the shell's {@code rsp:ProcessId} ([MS-WSMV]
     * 2.2.4.37: Windows reports its shell host process); empty for an engine that runs in the server (never report
     * the server's own pid). Default: empty.
     */
    default OptionalLong processId() {
        return OptionalLong.empty();
    }

    /** Delete: closes the pool, stops its pipelines and ends its processes. Idempotent; never throws. */
    @Override
    void close();
}
