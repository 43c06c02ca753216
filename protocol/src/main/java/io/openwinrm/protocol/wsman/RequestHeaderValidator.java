package io.openwinrm.protocol.wsman;

import io.openwinrm.protocol.envelope.EnvelopeSizing;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;

/**
 * Server-side checks of a decoded request header that the codec cannot make (it decodes requests and responses
 * alike): required headers present, anonymous ReplyTo, MaxEnvelopeSize not below 8192 ([MS-WSMV] 3.1.4.1.x).
 * Stateless; the caller clamps OperationTimeout and MaxEnvelopeSize to its configuration.
 */
public final class RequestHeaderValidator {
    /** [MS-WSMV] &lt;47&gt;: Windows accepts MessageIDs up to 2 KB. */
    public static final int MAX_MESSAGE_ID_LENGTH = 2048;

    private RequestHeaderValidator() {
    }

    /**
     * Validates a request header (not for Identify, whose header is empty).
     *
     * @throws WsmanFaultException HEADER_REQUIRED (Action, To, ReplyTo or ResourceURI missing),
     *                             UNSUPPORTED_ADDRESSING_MODE (ReplyTo not anonymous), INVALID_HEADER (MessageID
     *                             missing, empty or over 2 KB), MAX_ENVELOPE_SIZE_TOO_SMALL (MaxEnvelopeSize
     *                             below 8192)
     */
    public static void validate(Header h) {
        require(h.action(), "Action");
        if (h.messageId() == null || h.messageId().isBlank()) {
            // [MS-WSMV] 3.1.4.1.5: an empty or missing MessageID SHOULD get wsa:InvalidMessageInformationHeader
            throw new WsmanFaultException(FaultKind.INVALID_HEADER, "The WS-Management service cannot process the "
                    + "request. The MessageID header is missing or empty. ");
        }
        if (h.messageId().length() > MAX_MESSAGE_ID_LENGTH) {
            throw new WsmanFaultException(FaultKind.INVALID_HEADER,
                    "The WS-Management service cannot process the request. The MessageID is longer than "
                            + MAX_MESSAGE_ID_LENGTH + " characters. ");
        }
        // WS-Addressing (2004/08) 3: wsa:To is a required message information header; without it the service
        // does not know the address the client used (the EPR in a Create response would be empty)
        require(h.to(), "To");
        require(h.replyTo(), "ReplyTo");
        if (!ResourceUris.ANONYMOUS.equals(h.replyTo())) {
            throw new WsmanFaultException(FaultKind.UNSUPPORTED_ADDRESSING_MODE);
        }
        require(h.resourceUri(), "ResourceURI");
        if (h.maxEnvelopeSize().isPresent()
                && h.maxEnvelopeSize().getAsLong() < EnvelopeSizing.MIN_MAX_ENVELOPE_SIZE) {
            throw new WsmanFaultException(FaultKind.MAX_ENVELOPE_SIZE_TOO_SMALL,
                    "The WS-Management service cannot process the request because the MaxEnvelopeSize "
                            + h.maxEnvelopeSize().getAsLong() + " is below the minimum of "
                            + EnvelopeSizing.MIN_MAX_ENVELOPE_SIZE + " bytes. ");
        }
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new WsmanFaultException(FaultKind.HEADER_REQUIRED,
                    "The WS-Management service cannot process the request because the " + name
                            + " header is missing. ");
        }
    }
}
