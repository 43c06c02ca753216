package io.openwinrm.psrp.message;

import java.util.Arrays;
import java.util.Objects;

/** A message of a type this implementation does not know, kept raw so that it can be logged or passed on. */
public record UnknownMessage(int typeCode, byte[] data) implements MessageBody {
    public UnknownMessage {
        data = Objects.requireNonNull(data, "data").clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownMessage u && typeCode == u.typeCode && Arrays.equals(data, u.data);
    }

    @Override
    public int hashCode() {
        return typeCode * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "UnknownMessage[" + MessageType.describe(typeCode) + ", " + data.length + " bytes]";
    }
}
