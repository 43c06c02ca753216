package io.openwinrm.protocol.shell;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One {@code rsp:Stream Name="..." CommandId="..." End="..."} element of Send or ReceiveResponse
 * ([MS-WSMV] 2.2.4.36). The data is base64 on the wire; here it is raw bytes (defensively copied).
 *
 * @param commandId null for shell-level streams (PSRP)
 * @param end       true if the element carries {@code End="true"}
 */
public record StreamData(String name, String commandId, byte[] data, boolean end) {
    public StreamData {
        Objects.requireNonNull(name, "name");
        data = data == null ? new byte[0] : data.clone();
    }

    /** A copy of the payload. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamData s && name.equals(s.name) && Objects.equals(commandId, s.commandId)
                && end == s.end && Arrays.equals(data, s.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, commandId, end) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        String preview = new String(data, 0, Math.min(data.length, 32), StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7e]", ".");
        return "StreamData[name=" + name + ", commandId=" + commandId + ", end=" + end + ", length=" + data.length
                + ", data=\"" + preview + (data.length > 32 ? "...\"" : "\"") + "]";
    }
}
