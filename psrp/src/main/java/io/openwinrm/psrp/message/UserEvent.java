package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import java.util.Objects;

/** USER_EVENT ([MS-PSRP] 2.2.2.12): kept as the deserialized object. */
public record UserEvent(PsValue event) implements MessageBody {
    public UserEvent {
        Objects.requireNonNull(event, "event");
    }

    @Override
    public int typeCode() {
        return MessageType.USER_EVENT.code();
    }
}
