package io.openwinrm.server.psrp.pwsh;

import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.fragment.Fragment;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.MessageType;
import io.openwinrm.psrp.message.PipelineStateMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.server.psrp.FragmentBoundaries;
import java.io.ByteArrayOutputStream;

/**
 * Watches one pipeline's fragments from the engine for its final PIPELINE_STATE ([MS-PSRP] 2.2.2.21: Stopped 3,
 * Completed 4, Failed 5), the moment its Receive reports CommandState Done. Only PIPELINE_STATE messages are
 * reassembled (up to {@link #MAX_STATE_MESSAGE}); everything else is only looked at by its fragment header. An
 * oversized or undecodable PIPELINE_STATE counts as final: PowerShell sends the message only for final states, and a
 * Receive that never ends would be worse. Not thread-safe (the engine's reader thread).
 */
final class PipelineStates {

    /** A PIPELINE_STATE with its error record is a few KiB; beyond this it is not reassembled. */
    static final int MAX_STATE_MESSAGE = 256 * 1024;

    private final MessageBodyCodec codec = new MessageBodyCodec();
    private long objectId = -1;
    private ByteArrayOutputStream message;
    private boolean oversized;

    /** Whether {@code fragment} (whole, as the engine wrote it) ends a final PIPELINE_STATE. */
    boolean isFinal(byte[] fragment) {
        if (FragmentBoundaries.isStart(fragment)) {
            if (FragmentBoundaries.messageTypeOfStart(fragment) != MessageType.PIPELINE_STATE.code()) {
                return false;
            }
            objectId = FragmentBoundaries.objectId(fragment);
            message = new ByteArrayOutputStream();
            oversized = false;
        } else if (message == null || FragmentBoundaries.objectId(fragment) != objectId) {
            return false;
        }
        int blob = fragment.length - Fragment.HEADER_LENGTH;
        if (message.size() + blob > MAX_STATE_MESSAGE) {
            oversized = true;
        } else {
            message.write(fragment, Fragment.HEADER_LENGTH, blob);
        }
        if (!FragmentBoundaries.isEnd(fragment)) {
            return false;
        }
        byte[] bytes = message.toByteArray();
        message = null;
        return oversized || isFinalState(bytes);
    }

    private boolean isFinalState(byte[] bytes) {
        try {
            MessageBody body = codec.decode(PsrpMessageCodec.decode(bytes));
            if (body instanceof PipelineStateMessage state) {
                return state.state() >= 3 && state.state() <= 5;
            }
            return true;
        } catch (PsrpException e) {
            return true;
        }
    }
}
