package io.openwinrm.client.powershell;

import io.openwinrm.protocol.envelope.EnvelopeSizing;
import io.openwinrm.psrp.fragment.Fragment;
import io.openwinrm.psrp.fragment.FragmentCodec;
import io.openwinrm.psrp.fragment.Fragmenter;
import io.openwinrm.psrp.message.Destination;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The client's side of fragmentation ([MS-PSRP] 2.2.4, 3.1.5.3.5): one ObjectId counter for the pool and its
 * pipelines, fragments sized so that one fits a request of the client's MaxEnvelopeSize, and the grouping of
 * fragments into request payloads (Create's creationXml, Command's Arguments, Send's Stream) of at most that size.
 * Thread-safe.
 */
final class Outbound {
    private final MessageBodyCodec codec;
    private final Fragmenter fragmenter;
    private final int payloadLimit;

    /**
     * @param maxEnvelopeSize the largest request the service accepts (its MaxEnvelopeSize; the client sends at most
     *                        that)
     */
    Outbound(MessageBodyCodec codec, int maxEnvelopeSize) {
        this.codec = codec;
        this.payloadLimit = EnvelopeSizing.maxRawBytes(maxEnvelopeSize, 1);
        this.fragmenter = new Fragmenter(payloadLimit);
    }

    /** The raw bytes one request carries at most: the fragment size. */
    int payloadLimit() {
        return payloadLimit;
    }

    /** A message with an explicit destination (SESSION_CAPABILITY) or the one its type implies. */
    PsrpMessage message(MessageBody body, UUID poolId, UUID pipelineId) {
        return body.type().flatMap(t -> t.destination()).isPresent() ? codec.toMessage(body, poolId, pipelineId)
                : codec.toMessage(body, Destination.SERVER, poolId, pipelineId);
    }

    /**
     * The messages' fragments, grouped into payloads of at most {@link #payloadLimit()} bytes in order; a message
     * never interleaves with another, since each is fragmented whole under the counter's lock.
     */
    List<byte[]> payloads(List<PsrpMessage> messages) {
        List<Fragment> fragments = new ArrayList<>();
        synchronized (fragmenter) {
            for (PsrpMessage m : messages) {
                fragments.addAll(fragmenter.fragment(PsrpMessageCodec.encode(m)));
            }
        }
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (Fragment f : fragments) {
            byte[] bytes = FragmentCodec.encode(f);
            if (current.size() > 0 && current.size() + bytes.length > payloadLimit) {
                out.add(current.toByteArray());
                current.reset();
            }
            current.writeBytes(bytes);
        }
        if (current.size() > 0) {
            out.add(current.toByteArray());
        }
        return out;
    }
}
