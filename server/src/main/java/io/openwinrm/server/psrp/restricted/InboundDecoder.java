package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.message.Destination;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.MessageType;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.server.psrp.engine.PsrpEngineException;

/**
 * Reassembled client messages to typed bodies ([MS-PSRP] 2.2.1, 2.2.2), every failure (a short header, a message
 * addressed to the client, bad or over-limit CLIXML, a missing member) as a {@link PsrpEngineException} whose
 * one-line message names the message type. Thread-safe.
 */
final class InboundDecoder {

    private final MessageBodyCodec codec;

    InboundDecoder(MessageBodyCodec codec) {
        this.codec = codec;
    }

    PsrpMessage message(byte[] bytes) throws PsrpEngineException {
        PsrpMessage m;
        try {
            m = PsrpMessageCodec.decode(bytes);
        } catch (PsrpException e) {
            throw new PsrpEngineException(e.getMessage(), e);
        }
        if (m.destination() != Destination.SERVER) {
            throw new PsrpEngineException(MessageType.describe(m.typeCode()) + " is addressed to the client");
        }
        return m;
    }

    MessageBody body(PsrpMessage m) throws PsrpEngineException {
        try {
            return codec.decode(m);
        } catch (PsrpException e) {
            throw new PsrpEngineException(e.getMessage(), e);
        }
    }
}
