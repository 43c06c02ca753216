package io.openwinrm.server.psrp.pwsh;

import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.fragment.Fragment;
import io.openwinrm.psrp.fragment.Fragmenter;
import io.openwinrm.psrp.message.ConnectRunspacePool;
import io.openwinrm.psrp.message.Destination;
import io.openwinrm.psrp.message.InitRunspacePool;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.MessageType;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.psrp.message.RunspacePoolInitData;
import io.openwinrm.psrp.message.RunspacePoolStateMessage;
import io.openwinrm.psrp.message.SessionCapability;
import io.openwinrm.psrp.state.RunspacePoolState;
import io.openwinrm.server.psrp.FragmentBoundaries;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What a Connect from a new client needs that {@code pwsh -s} cannot give: its out-of-process transport has no
 * Connect (psrp.md 5.2, PowerShell PR #6689), so the bridge answers CONNECT_RUNSPACEPOOL itself ([MS-PSRP]
 * 3.2.5.4.10) with {@code connectResponseXml} = pwsh's own SESSION_CAPABILITY (its data as pwsh wrote it, the RPID
 * set to the pool, as Windows does) and RUNSPACEPOOL_INIT_DATA with the sizes the pool was opened with; then a
 * RUNSPACEPOOL_STATE Opened for the pool's Receive (what Windows sent, psrp.md 1.8). The messages it makes get
 * ObjectIds far above pwsh's own counter. Thread-safe.
 */
final class PoolSnapshot {

    private static final int SMALL_MESSAGE = 64 * 1024;

    private final UUID poolId;
    private final MessageBodyCodec codec = new MessageBodyCodec();
    private final Fragmenter fragmenter = new Fragmenter(Fragmenter.DEFAULT_FRAGMENT_SIZE, 1L << 62);
    private byte[] serverCapability;
    private int minRunspaces = 1;
    private int maxRunspaces = 1;

    PoolSnapshot(UUID poolId) {
        this.poolId = poolId;
    }

    /** The client's first pool input (creationXml): the sizes of its INIT_RUNSPACEPOOL. */
    synchronized void clientOpened(byte[] fragments) {
        for (MessageBody body : decode(fragments, false)) {
            if (body instanceof InitRunspacePool init) {
                minRunspaces = init.minRunspaces();
                maxRunspaces = init.maxRunspaces();
            }
        }
    }

    /** A whole fragment pwsh wrote for the pool: its SESSION_CAPABILITY is kept. */
    synchronized void childWrote(byte[] fragment) {
        if (serverCapability == null && FragmentBoundaries.isStart(fragment) && FragmentBoundaries.isEnd(fragment)
                && FragmentBoundaries.messageTypeOfStart(fragment) == MessageType.SESSION_CAPABILITY.code()) {
            try {
                byte[] blob = Arrays.copyOfRange(fragment, Fragment.HEADER_LENGTH, fragment.length);
                serverCapability = PsrpMessageCodec.decode(blob).data();
            } catch (PsrpException e) {
                // pwsh wrote a capability we cannot read; Connect will say so
            }
        }
    }

    /**
     * The answer to {@code connectXml}: its SESSION_CAPABILITY must be compatible and a CONNECT_RUNSPACEPOOL must
     * follow.
     */
    synchronized byte[] connect(byte[] fragments) throws PsrpEngineException {
        List<MessageBody> messages = decode(fragments, true);
        if (messages.size() != 2 || !(messages.get(0) instanceof SessionCapability capability)
                || !(messages.get(1) instanceof ConnectRunspacePool)) {
            throw new PsrpEngineException("connectXml must hold SESSION_CAPABILITY and CONNECT_RUNSPACEPOOL");
        }
        try {
            capability.requireCompatible();
        } catch (PsrpException e) {
            throw new PsrpEngineException(e.getMessage());
        }
        if (serverCapability == null) {
            throw new PsrpEngineException("the runspace pool has not been opened");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fragmenter.fragmentToBytes(PsrpMessageCodec.encode(new PsrpMessage(Destination.CLIENT,
                MessageType.SESSION_CAPABILITY, poolId, new UUID(0, 0), serverCapability))));
        out.writeBytes(fragment(new RunspacePoolInitData(minRunspaces, maxRunspaces)));
        return out.toByteArray();
    }

    /** RUNSPACEPOOL_STATE Opened, for the pool's next Receive after a Connect. */
    synchronized byte[] opened() {
        return fragment(RunspacePoolStateMessage.of(RunspacePoolState.OPENED.wire()));
    }

    private byte[] fragment(MessageBody body) {
        return fragmenter.fragmentToBytes(PsrpMessageCodec.encode(codec.toMessage(body, poolId, new UUID(0, 0))));
    }

    private List<MessageBody> decode(byte[] fragments, boolean strict) {
        Defragmenter defragmenter = new Defragmenter();
        List<MessageBody> out = new ArrayList<>();
        try {
            for (byte[] message : defragmenter.feed(fragments)) {
                if (message.length <= SMALL_MESSAGE || strict) {
                    out.add(codec.decode(PsrpMessageCodec.decode(message)));
                }
            }
        } catch (PsrpException | IllegalArgumentException e) {
            if (strict) {
                return List.of();
            }
        }
        return out;
    }
}
