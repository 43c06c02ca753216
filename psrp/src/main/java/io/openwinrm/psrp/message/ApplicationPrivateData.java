package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import java.util.Objects;

/** APPLICATION_PRIVATE_DATA ([MS-PSRP] 2.2.2.13): the {@code ApplicationPrivateData} member, a PSPrimitiveDictionary (holding {@code PSVersionTable}) or Nil. */
public record ApplicationPrivateData(PsValue data) implements MessageBody {
    public ApplicationPrivateData {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public int typeCode() {
        return MessageType.APPLICATION_PRIVATE_DATA.code();
    }
}
