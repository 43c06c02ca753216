package io.openwinrm.protocol.envelope;

/**
 * How much raw stream output fits in one ReceiveResponse ([MS-WSMV] 3.1.4.1.7 MaxEnvelopeSize, 3.1.4.14).
 *
 * <p>The response must not exceed the client's MaxEnvelopeSize (bytes, UTF-8). Base64 turns every 3 raw bytes into
 * 4 characters, and every {@code rsp:Stream} element costs its tags and attributes. We keep a fixed margin for
 * the header and the CommandState, then divide the remainder between base64 payload and per-element overhead.
 */
public final class EnvelopeSizing {
    /** Smallest MaxEnvelopeSize a client may ask for; below it the server answers wsman:EncodingLimit. */
    public static final int MIN_MAX_ENVELOPE_SIZE = 8192;
    /** Clients' usual MaxEnvelopeSize (pywinrm, pypsrp, Go, winrm4j). */
    public static final int DEFAULT_CLIENT_MAX_ENVELOPE_SIZE = 153600;
    /** Windows' default MaxEnvelopeSizekb * 1024. */
    public static final int DEFAULT_SERVER_MAX_ENVELOPE_SIZE = 500 * 1024;
    /**
     * Bytes reserved for everything but stream payload: envelope, namespace declarations, header (MessageID,
     * RelatesTo up to 2 KB per [MS-WSMV] &lt;47&gt;), ReceiveResponse and CommandState with ExitCode.
     */
    public static final int RECEIVE_RESPONSE_OVERHEAD = 4096;
    /**
     * Cost of one {@code <rsp:Stream Name="stderr" CommandId="GUID" End="true"></rsp:Stream>} without payload,
     * rounded up (CommandId of up to 64 characters).
     */
    public static final int STREAM_ELEMENT_OVERHEAD = 160;

    private EnvelopeSizing() {
    }

    /**
     * Largest number of raw bytes that may be put, base64 encoded, into {@code streamElements} Stream elements of
     * one ReceiveResponse for a client that asked for {@code maxEnvelopeSize} bytes. The result is a multiple of
     * 3 (so each chunk encodes without padding) and at least 3 for any legal envelope size.
     *
     * @throws IllegalArgumentException if {@code maxEnvelopeSize < MIN_MAX_ENVELOPE_SIZE} or streamElements &lt; 1
     */
    public static int maxRawBytes(long maxEnvelopeSize, int streamElements) {
        if (maxEnvelopeSize < MIN_MAX_ENVELOPE_SIZE) {
            throw new IllegalArgumentException("MaxEnvelopeSize below " + MIN_MAX_ENVELOPE_SIZE + ": "
                    + maxEnvelopeSize);
        }
        if (streamElements < 1) {
            throw new IllegalArgumentException("streamElements < 1");
        }
        long budget = Math.min(maxEnvelopeSize, Integer.MAX_VALUE) - RECEIVE_RESPONSE_OVERHEAD
                - (long) streamElements * STREAM_ELEMENT_OVERHEAD;
        long raw = Math.max(0, budget) / 4 * 3;
        return (int) Math.max(3, raw);
    }

    /** {@link #maxRawBytes(long, int)} for the usual stdout + stderr + two End markers (4 elements). */
    public static int maxRawBytes(long maxEnvelopeSize) {
        return maxRawBytes(maxEnvelopeSize, 4);
    }

    /** Length of the base64 encoding of {@code rawBytes} bytes (with padding). */
    public static long base64Length(long rawBytes) {
        return (rawBytes + 2) / 3 * 4;
    }

    /**
     * The effective MaxEnvelopeSize: the client's value capped by the server limit, or the server limit when the
     * client sent none ([MS-WSMV] 3.1.4.1.7). Validation of the lower bound is the caller's.
     */
    public static long effective(java.util.OptionalLong clientValue, long serverLimit) {
        return clientValue.isPresent() ? Math.min(clientValue.getAsLong(), serverLimit) : serverLimit;
    }
}
