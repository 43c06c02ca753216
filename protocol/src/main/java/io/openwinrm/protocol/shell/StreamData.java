package io.openwinrm.protocol.shell;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One {@code rsp:Stream Name="..." CommandId="..." End="..."} element of Send or ReceiveResponse
 * ([MS-WSMV] 2.2.4.36). The data is base64 on the wire; here it is raw bytes. Immutable: the constructor and
 * {@link #data()} copy; {@link #owning} takes an array its caller gives up, for the bulk paths (a decoded Stream, a
 * buffer of a command's output), where a copy per message would be a copy per payload byte.
 */
public final class StreamData {
    private static final byte[] EMPTY = new byte[0];

    private final String name;
    private final String commandId;
    private final byte[] data;
    private final boolean end;

    /**
     * @param commandId null for shell-level streams (PSRP)
     * @param data      copied; null means empty
     * @param end       true if the element carries {@code End="true"}
     */
    public StreamData(String name, String commandId, byte[] data, boolean end) {
        this(name, commandId, end, data == null ? EMPTY : data.clone());
    }

    private StreamData(String name, String commandId, boolean end, byte[] data) {
        this.name = Objects.requireNonNull(name, "name");
        this.commandId = commandId;
        this.data = data;
        this.end = end;
    }

    /** A Stream holding {@code data} itself, which the caller must never touch again. */
    public static StreamData owning(String name, String commandId, byte[] data, boolean end) {
        return new StreamData(name, commandId, end, Objects.requireNonNull(data, "data"));
    }

    public String name() {
        return name;
    }

    /** The command the stream belongs to; null for shell-level streams (PSRP). */
    public String commandId() {
        return commandId;
    }

    /** A copy of the payload. */
    public byte[] data() {
        return data.clone();
    }

    /**
     * The payload itself, not a copy, for the code that encodes, writes or hands on a message it holds alone: it
     * must not modify the array, nor let anyone else keep it while the message is still in use.
     */
    public byte[] sharedData() {
        return data;
    }

    /** Whether the element carries {@code End="true"}. */
    public boolean end() {
        return end;
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
