package io.openwinrm.server.psrp.engine;

import java.util.UUID;

/**
 * Where an engine puts what the client receives. Calls may block while the client is not receiving and the shell's
 * output budget is full (back-pressure: a pipeline printing faster than the client reads is slowed, never dropped).
 */
public interface EngineOutput {

    /** Fragment bytes for a Receive without CommandId (pool messages: capability, state, private data, host calls). */
    void poolOutput(byte[] fragments) throws InterruptedException;

    /** Fragment bytes for a Receive with {@code pipelineId} as CommandId. */
    void pipelineOutput(UUID pipelineId, byte[] fragments) throws InterruptedException;

    /** The pipeline has sent its last fragments (a final PIPELINE_STATE): its Receive ends with CommandState Done. */
    void pipelineDone(UUID pipelineId);

    /** The engine ended on its own (pwsh exited, a protocol error broke the pool): the shell closes, saying why. */
    void engineEnded(String reason);
}
