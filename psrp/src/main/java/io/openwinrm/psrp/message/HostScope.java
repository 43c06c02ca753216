package io.openwinrm.psrp.message;

/** Whether a host call belongs to the runspace pool or to a pipeline ([MS-PSRP] 2.2.2.15 vs 2.2.2.27). */
public enum HostScope {
    RUNSPACE_POOL(MessageType.RUNSPACEPOOL_HOST_CALL, MessageType.RUNSPACEPOOL_HOST_RESPONSE),
    PIPELINE(MessageType.PIPELINE_HOST_CALL, MessageType.PIPELINE_HOST_RESPONSE);

    private final MessageType call;
    private final MessageType response;

    HostScope(MessageType call, MessageType response) {
        this.call = call;
        this.response = response;
    }

    public MessageType callType() {
        return call;
    }

    public MessageType responseType() {
        return response;
    }
}
