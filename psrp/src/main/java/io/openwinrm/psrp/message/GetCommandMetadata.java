package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import java.util.Objects;

/** GET_COMMAND_METADATA ([MS-PSRP] 2.2.2.14): kept as the deserialized object (Name, CommandType, Namespace, ArgumentList). */
public record GetCommandMetadata(PsValue request) implements MessageBody {
    public GetCommandMetadata {
        Objects.requireNonNull(request, "request");
    }

    @Override
    public int typeCode() {
        return MessageType.GET_COMMAND_METADATA.code();
    }
}
