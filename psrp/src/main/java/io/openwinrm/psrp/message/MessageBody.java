package io.openwinrm.psrp.message;

import java.util.Optional;

/**
 * The typed content of one PSRP message ([MS-PSRP] 2.2.2): one record per message type a session uses, plus
 * {@link UnknownMessage} for the rest. Records hold deserialized values; {@link MessageBodyCodec} converts.
 */
public sealed interface MessageBody permits SessionCapability, InitRunspacePool, ConnectRunspacePool,
        RunspacePoolInitData, RunspacePoolStateMessage, ApplicationPrivateData, SetMaxRunspaces, SetMinRunspaces,
        GetAvailableRunspaces, RunspaceAvailability, ResetRunspaceState, PublicKey, EncryptedSessionKey,
        PublicKeyRequest, UserEvent, GetCommandMetadata, HostCall, HostResponse, CreatePipeline, PipelineInput,
        EndOfPipelineInput, PipelineOutput, ErrorRecordMessage, PipelineStateMessage, InformationalMessage,
        ProgressRecordMessage, InformationRecordMessage, UnknownMessage {

    /** The MessageType code of the header. */
    int typeCode();

    /** The known type; empty only for {@link UnknownMessage}. */
    default Optional<MessageType> type() {
        return MessageType.fromCode(typeCode());
    }
}
