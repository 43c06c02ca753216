package io.openwinrm.psrp.fragment;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reassembles PSRP messages from a stream of fragment bytes ([MS-PSRP] 2.2.4). Feed it every Send/Receive Stream
 * (or OutOfProc Data packet) of one target in order; it keeps state across calls, so a message may span any
 * number of bodies and a fragment may even be split between two calls.
 *
 * <p>Rules: a message starts with a Start fragment (FragmentId 0), later fragments of it follow with FragmentId
 * +1 each, and it ends with an End fragment. Fragments of different objects may interleave (psrpcore accepts
 * that; PowerShell does not send it), up to {@link DefragmenterLimits#maxPartialObjects()} at a time. Sizes are
 * checked from the header, before a blob is buffered.
 *
 * <p>Any violation throws {@link PsrpException} ({@link PsrpError#MALFORMED_FRAGMENT},
 * {@link PsrpError#FRAGMENT_SEQUENCE} or {@link PsrpError#LIMIT_EXCEEDED}) and leaves this instance failed:
 * every later call throws the same error, since its stream position is lost. Not thread-safe.
 */
public final class Defragmenter {
    private final DefragmenterLimits limits;
    private final Map<Long, PartialObject> partials = new LinkedHashMap<>();
    private final byte[] header = new byte[Fragment.HEADER_LENGTH];
    private int headerFill;
    /** The object the current fragment's blob goes to, or null while a header is awaited. */
    private PartialObject current;
    private FragmentHeader currentHeader;
    private int blobRemaining;
    private PsrpException failure;

    public Defragmenter() {
        this(DefragmenterLimits.DEFAULT);
    }

    public Defragmenter(DefragmenterLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Consumes bytes and returns the messages they complete, in completion order (possibly none).
     *
     * @throws PsrpException as described in the class comment
     */
    public List<byte[]> feed(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (failure != null) {
            throw new PsrpException(failure.error(), "defragmenter failed earlier: " + failure.getMessage());
        }
        try {
            return consume(ByteBuffer.wrap(data));
        } catch (PsrpException e) {
            failure = e;
            throw e;
        }
    }

    /** True if the bytes fed so far end inside a fragment (a WS-Man Stream must never do that). */
    public boolean hasPartialFragment() {
        return headerFill > 0 || current != null;
    }

    /** Number of messages started but not yet complete. */
    public int partialObjects() {
        return partials.size();
    }

    private List<byte[]> consume(ByteBuffer in) {
        List<byte[]> done = new ArrayList<>();
        while (in.hasRemaining()) {
            if (current == null) {
                int n = Math.min(in.remaining(), Fragment.HEADER_LENGTH - headerFill);
                in.get(header, headerFill, n);
                headerFill += n;
                if (headerFill < Fragment.HEADER_LENGTH) {
                    break;
                }
                headerFill = 0;
                beginFragment(FragmentHeader.read(ByteBuffer.wrap(header), limits.maxObjectSize()));
            }
            int n = Math.min(in.remaining(), blobRemaining);
            current.append(in, n, limits.maxObjectSize());
            blobRemaining -= n;
            if (blobRemaining == 0) {
                endFragment(done);
            }
        }
        return done;
    }

    private void beginFragment(FragmentHeader h) {
        PartialObject object = partials.get(h.objectId());
        if (h.start()) {
            if (object != null) {
                throw sequence("object " + id(h.objectId()) + " started again while its fragment "
                        + id(object.nextFragmentId - 1) + " was the last one received");
            }
            if (partials.size() >= limits.maxPartialObjects()) {
                throw new PsrpException(PsrpError.LIMIT_EXCEEDED, "more than " + limits.maxPartialObjects()
                        + " messages in progress at once (object " + id(h.objectId()) + ")");
            }
            object = new PartialObject();
            partials.put(h.objectId(), object);
        } else if (object == null) {
            throw sequence("fragment " + id(h.fragmentId()) + " of object " + id(h.objectId())
                    + " without its start fragment");
        } else if (h.fragmentId() != object.nextFragmentId) {
            throw sequence("fragment " + id(h.fragmentId()) + " of object " + id(h.objectId())
                    + " out of order, expected fragment " + id(object.nextFragmentId));
        }
        if ((long) object.size + h.blobLength() > limits.maxObjectSize()) {
            throw new PsrpException(PsrpError.LIMIT_EXCEEDED, "object " + id(h.objectId()) + " grows beyond "
                    + limits.maxObjectSize() + " bytes");
        }
        object.nextFragmentId++;
        current = object;
        currentHeader = h;
        blobRemaining = h.blobLength();
    }

    private void endFragment(List<byte[]> done) {
        if (currentHeader.end()) {
            partials.remove(currentHeader.objectId());
            done.add(current.bytes());
        }
        current = null;
        currentHeader = null;
    }

    private static PsrpException sequence(String message) {
        return new PsrpException(PsrpError.FRAGMENT_SEQUENCE, message);
    }

    private static String id(long unsigned) {
        return Long.toUnsignedString(unsigned);
    }

    /** A message being reassembled. */
    private static final class PartialObject {
        private byte[] buffer = new byte[0];
        private int size;
        private long nextFragmentId;

        /** Copies n bytes; the buffer grows with the data actually received (doubling, capped by the limit). */
        void append(ByteBuffer in, int n, int maxObjectSize) {
            int needed = size + n;
            if (needed > buffer.length) {
                long doubled = Math.max(256L, (long) buffer.length * 2);
                byte[] b = new byte[(int) Math.max(needed, Math.min(doubled, maxObjectSize))];
                System.arraycopy(buffer, 0, b, 0, size);
                buffer = b;
            }
            in.get(buffer, size, n);
            size = needed;
        }

        byte[] bytes() {
            if (size == buffer.length) {
                return buffer;
            }
            byte[] b = new byte[size];
            System.arraycopy(buffer, 0, b, 0, size);
            return b;
        }
    }
}
