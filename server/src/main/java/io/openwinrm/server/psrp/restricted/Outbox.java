package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.fragment.Fragment;
import io.openwinrm.psrp.fragment.FragmentCodec;
import io.openwinrm.psrp.fragment.Fragmenter;
import io.openwinrm.psrp.message.Destination;
import io.openwinrm.psrp.message.DotNetGuid;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.psrp.message.SessionCapability;
import io.openwinrm.server.psrp.engine.EngineOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the server sends: message bodies encoded ([MS-PSRP] 2.2.1), cut into fragments of at most the context's
 * fragment size ([MS-PSRP] 2.2.4) under the server's one ObjectId counter, and handed to {@link EngineOutput} one
 * fragment per call, so that the WS-Man layer can put each in its own Stream of a Receive response.
 *
 * <p>Locking: the counter is taken under a short lock that never covers an output call. Pool messages are emitted
 * under {@code poolEmission}, which serializes only the emitters of pool messages (so that two messages never
 * interleave their fragments on the pool target, which PowerShell's client refuses); nothing else waits for it. A
 * pipeline has a single emitting thread (its runner), so pipeline messages need no lock here.
 */
final class Outbox {

    private final EngineOutput output;
    private final MessageBodyCodec codec = new MessageBodyCodec();
    private final Fragmenter fragmenter;
    private final Object counter = new Object();
    private final ReentrantLock poolEmission = new ReentrantLock();
    private volatile UUID clientPoolId;

    Outbox(EngineOutput output, int maxFragmentSize, UUID poolId) {
        this.output = Objects.requireNonNull(output, "output");
        this.fragmenter = new Fragmenter(maxFragmentSize);
        this.clientPoolId = poolId;
    }

    /**
     * The RPID the client used in its SESSION_CAPABILITY: every later server message echoes it (Windows treats the
     * bytes as opaque, [MS-PSRP] 3.2.5.4.1.2).
     */
    void clientPoolId(UUID id) {
        clientPoolId = id;
    }

    UUID clientPoolId() {
        return clientPoolId;
    }

    /** The server's SESSION_CAPABILITY carries the nil RPID ([MS-PSRP] 3.2.5.4.1.2). */
    void sendCapability(SessionCapability capability) throws InterruptedException {
        emitPool(fragments(codec.toMessage(capability, Destination.CLIENT, DotNetGuid.NIL, DotNetGuid.NIL)));
    }

    /** A pool message (RUNSPACEPOOL_STATE, APPLICATION_PRIVATE_DATA, RUNSPACE_AVAILABILITY ...). */
    void toPool(MessageBody body) throws InterruptedException {
        emitPool(fragments(codec.toMessage(body, clientPoolId, DotNetGuid.NIL)));
    }

    /**
     * A pipeline message, routed by the CommandId and carrying the pipeline's PID; called only by the pipeline's
     * runner thread.
     */
    void toPipeline(UUID commandId, UUID pid, MessageBody body) throws InterruptedException {
        for (byte[] fragment : fragments(codec.toMessage(body, clientPoolId, pid))) {
            output.pipelineOutput(commandId, fragment);
        }
    }

    /** The fragment bytes of messages, concatenated: the synchronous answer of Connect. */
    byte[] encodeForConnect(List<PsrpMessage> messages) {
        List<Fragment> all = new ArrayList<>();
        for (PsrpMessage m : messages) {
            byte[] encoded = PsrpMessageCodec.encode(m);
            synchronized (counter) {
                all.addAll(fragmenter.fragment(encoded));
            }
        }
        return FragmentCodec.encode(all);
    }

    MessageBodyCodec codec() {
        return codec;
    }

    private List<byte[]> fragments(PsrpMessage message) {
        byte[] encoded = PsrpMessageCodec.encode(message);
        List<Fragment> fragments;
        synchronized (counter) {
            fragments = fragmenter.fragment(encoded);
        }
        List<byte[]> out = new ArrayList<>(fragments.size());
        for (Fragment f : fragments) {
            out.add(FragmentCodec.encode(f));
        }
        return out;
    }

    private void emitPool(List<byte[]> fragments) throws InterruptedException {
        poolEmission.lockInterruptibly();
        try {
            for (byte[] fragment : fragments) {
                output.poolOutput(fragment);
            }
        } finally {
            poolEmission.unlock();
        }
    }
}
