package io.openwinrm.server.psrp;

import io.openwinrm.psrp.fragment.Fragment;
import io.openwinrm.psrp.message.DotNetGuid;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Finds fragment boundaries in a byte stream of PSRP fragments ([MS-PSRP] 2.2.4) without reassembling messages: what
 * the WS-Man layer needs to put each fragment in a Stream element of its own (a fragment never spans WS-Man
 * messages) and to pass fragments through unchanged. Stateful, so that a fragment split across two inputs (the
 * out-of-process transport allows it) comes out whole; a blob longer than the bound is refused before it is
 * buffered. Not thread-safe.
 */
public final class FragmentBoundaries {

    private final int maxBlobLength;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** @param maxBlobLength the largest BlobLength accepted */
    public FragmentBoundaries(int maxBlobLength) {
        this.maxBlobLength = maxBlobLength;
    }

    /**
     * The whole fragments {@code data} completes, each as its wire bytes.
     *
     * @throws IllegalArgumentException for reserved flag bits or a blob over the bound
     */
    public List<byte[]> feed(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        byte[] bytes = data;
        if (partial.size() > 0) {
            partial.writeBytes(data);
            bytes = partial.toByteArray();
            partial.reset();
        }
        int at = 0;
        while (bytes.length - at >= Fragment.HEADER_LENGTH) {
            int length = Fragment.HEADER_LENGTH + blobLength(bytes, at, maxBlobLength);
            if (bytes.length - at < length) {
                break;
            }
            byte[] fragment = new byte[length];
            System.arraycopy(bytes, at, fragment, 0, length);
            out.add(fragment);
            at += length;
        }
        partial.write(bytes, at, bytes.length - at);
        return out;
    }

    /** Whether bytes of an incomplete fragment are held. */
    public boolean hasPartial() {
        return partial.size() > 0;
    }

    /**
     * Splits bytes that must hold whole fragments only (a Send's Stream, an engine's output).
     *
     * @throws IllegalArgumentException if they do not, or a fragment is malformed or over the bound
     */
    public static List<byte[]> split(byte[] data, int maxBlobLength) {
        FragmentBoundaries b = new FragmentBoundaries(maxBlobLength);
        List<byte[]> out = b.feed(data);
        if (b.hasPartial()) {
            throw new IllegalArgumentException("the data ends inside a fragment (" + b.partial.size()
                    + " bytes left over)");
        }
        return out;
    }

    /** Whether the fragment at the start of {@code fragment} is a start fragment (flag bit 0). */
    public static boolean isStart(byte[] fragment) {
        return fragment.length > 16 && (fragment[16] & Fragment.FLAG_START) != 0;
    }

    /** Whether the fragment is an end fragment (flag bit 1). */
    public static boolean isEnd(byte[] fragment) {
        return fragment.length > 16 && (fragment[16] & Fragment.FLAG_END) != 0;
    }

    /** The ObjectId of a fragment. */
    public static long objectId(byte[] fragment) {
        return ByteBuffer.wrap(fragment, 0, 8).order(ByteOrder.BIG_ENDIAN).getLong();
    }

    /**
     * The message header's PID ([MS-PSRP] 2.2.1, .NET GUID order) in a start fragment whose blob holds at least the
     * 40-byte message header; null otherwise. Zero for pool messages.
     */
    public static UUID pipelineIdOfStart(byte[] fragment) {
        if (!isStart(fragment) || fragment.length < Fragment.HEADER_LENGTH + 40) {
            return null;
        }
        return DotNetGuid.read(ByteBuffer.wrap(fragment, Fragment.HEADER_LENGTH + 24, 16));
    }

    /** {@code id} with the byte order of its first three fields reversed (RFC order read as .NET order). */
    public static UUID swapped(UUID id) {
        return DotNetGuid.fromBytes(toRfcBytes(id));
    }

    private static byte[] toRfcBytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }

    /** The MessageType of a start fragment's message (little-endian u32), or -1 if the blob is too short. */
    public static int messageTypeOfStart(byte[] fragment) {
        if (!isStart(fragment) || fragment.length < Fragment.HEADER_LENGTH + 8) {
            return -1;
        }
        return ByteBuffer.wrap(fragment, Fragment.HEADER_LENGTH + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static int blobLength(byte[] b, int at, int max) {
        int flags = b[at + 16] & 0xFF;
        if ((flags & ~(Fragment.FLAG_START | Fragment.FLAG_END)) != 0) {
            throw new IllegalArgumentException(String.format("fragment flags 0x%02X set reserved bits", flags));
        }
        long length = ByteBuffer.wrap(b, at + 17, 4).order(ByteOrder.BIG_ENDIAN).getInt() & 0xFFFF_FFFFL;
        if (length > max) {
            throw new IllegalArgumentException("a fragment declares " + length + " blob bytes, more than the limit of "
                    + max);
        }
        return (int) length;
    }
}
