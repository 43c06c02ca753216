package io.openwinrm.psrp.message;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The message header codec ([MS-PSRP] 2.2.1): Destination and MessageType as little-endian u32, RPID and PID in
 * .NET GUID order ({@link DotNetGuid}), then Data. A reassembled fragment object is one message.
 */
public final class PsrpMessageCodec {
    private PsrpMessageCodec() {
    }

    public static byte[] encode(PsrpMessage message) {
        byte[] data = message.dataUnsafe();
        ByteBuffer out = ByteBuffer.allocate(PsrpMessage.HEADER_LENGTH + data.length);
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(message.destination().wire());
        out.putInt(message.typeCode());
        DotNetGuid.write(message.runspacePoolId(), out);
        DotNetGuid.write(message.pipelineId(), out);
        out.put(data);
        return out.array();
    }

    /**
     * @throws PsrpException {@link PsrpError#MALFORMED_MESSAGE} if shorter than the header or with an unknown
     *                       destination; an unknown MessageType is not an error
     */
    public static PsrpMessage decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < PsrpMessage.HEADER_LENGTH) {
            throw new PsrpException(PsrpError.MALFORMED_MESSAGE, "a PSRP message has a 40-byte header, this one "
                    + bytes.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Destination destination = Destination.fromWire(in.getInt());
        int type = in.getInt();
        var rpid = DotNetGuid.read(in);
        var pid = DotNetGuid.read(in);
        byte[] data = new byte[in.remaining()];
        in.get(data);
        return new PsrpMessage(destination, type, rpid, pid, data);
    }
}
