package io.openwinrm.psrp;

/**
 * What went wrong with PSRP input, and therefore what the session layer does about it. [MS-PSRP] 3.2.5.1: a
 * message that cannot be processed breaks the runspace pool (or fails the pipeline it targets); limits guard the
 * server before anything is buffered ([MS-PSRP] 3.2.5.3.5, PowerShell's {@code PSMaximumReceivedObjectSizeMB}).
 */
public enum PsrpError {
    /** A fragment header or blob is malformed or truncated ([MS-PSRP] 2.2.4). */
    MALFORMED_FRAGMENT,
    /** Fragments arrive out of order: a FragmentId gap, no Start fragment, a repeated Start ([MS-PSRP] 2.2.4). */
    FRAGMENT_SEQUENCE,
    /** A configured bound was exceeded: object size, partial objects, CLIXML depth, element count, string size. */
    LIMIT_EXCEEDED,
    /** A message header is malformed: too short, unknown destination ([MS-PSRP] 2.2.1). */
    MALFORMED_MESSAGE,
    /** CLIXML that is not well-formed or not valid serialization ([MS-PSRP] 2.2.5). */
    MALFORMED_CLIXML,
    /** A message is well-formed CLIXML but lacks or mistypes a property its type requires ([MS-PSRP] 2.2.2). */
    INVALID_MESSAGE,
    /**
     * The peer's SESSION_CAPABILITY names a protocol or serialization version this side cannot speak ([MS-PSRP]
     * 3.2.5.4.1: the server breaks the pool; Windows faults with 0x80540BC5 when the WS-Man option mismatches).
     */
    UNSUPPORTED_VERSION,
    /** An action is not allowed in the current runspace-pool or pipeline state ([MS-PSRP] 3.2.5.1). */
    INVALID_STATE
}
