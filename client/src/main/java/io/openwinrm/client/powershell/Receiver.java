package io.openwinrm.client.powershell;

import io.openwinrm.client.WinRmException;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import java.util.List;

/**
 * One Receive after another for the pool or one pipeline ([MS-PSRP] 3.1.5.3.7) while its owner wants them: the
 * OperationTimeout fault means "nothing yet" and is asked again; the {@code stdout} streams are reassembled across
 * responses by the target's {@link Defragmenter} (fragments may span Receives) and every complete message goes to
 * the owner, in order. Runs on the calling thread until the owner stops wanting, the command is Done or something
 * fails.
 */
final class Receiver {

    /** The pool or pipeline being received for. */
    interface Target {
        /** Whether to ask again. */
        boolean live();

        /** One reassembled message. */
        void message(PsrpMessage message);

        /** CommandState Done ([MS-WSMV] 3.1.4.14): nothing more will come. */
        void done();

        /**
         * The receiving failed: a fault or transport error ({@link WinRmException}), invalid PSRP
         * ({@link PsrpException}) or the owner's own failure while handling a message.
         */
        void failed(RuntimeException e);
    }

    private Receiver() {
    }

    /**
     * @param defragmenter the target's own, kept across runs (a Receive after a reconnect continues a message)
     */
    static void run(ShellTransport transport, String resourceUri, String shellId, String commandId,
            OptionSet options, Defragmenter defragmenter, Target target) {
        ReceiveRequest request = new ReceiveRequest(commandId, List.of(StreamNames.STDOUT));
        while (target.live()) {
            ReceiveResponse r;
            try {
                r = transport.call(WsmanAction.RECEIVE, resourceUri, shellId, options, request,
                        ReceiveResponse.class);
            } catch (WinRmFaultException e) {
                if (e.fault().isTimedOut()) {
                    continue;
                }
                target.failed(e);
                return;
            } catch (WinRmException e) {
                target.failed(e);
                return;
            }
            try {
                for (StreamData s : r.streams()) {
                    for (byte[] m : defragmenter.feed(s.data())) {
                        target.message(PsrpMessageCodec.decode(m));
                    }
                }
            } catch (RuntimeException e) {
                target.failed(e);
                return;
            }
            if (r.isDone()) {
                target.done();
                return;
            }
        }
    }
}
