package io.openwinrm.server.command;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One answer to a receive ([MS-WSMV] 3.1.4.14, ReceiveResponse 2.2.4.27). Arrays are owned by the batch's holder and
 * never touched by the runtime again; {@code equals} compares them by identity.
 *
 * @param stdout    bytes of stdout (in the shell's codepage); never null, possibly empty
 * @param stderr    bytes of stderr; never null, possibly empty
 * @param stdoutEnd stdout reached its end and every byte of it has been delivered (stays true afterwards)
 * @param stderrEnd same for stderr
 * @param done      the process exited and every requested byte was delivered: report CommandState/Done; the
 *                  command is now DELIVERED
 * @param exitCode  the exit code, present exactly when {@code done}
 * @param timedOut  nothing happened before the receive timeout (wire: w:TimedOut fault); all other fields empty
 * @param limitExceeded with {@code done}: the command hit a limit of its endpoint (deadline, processes, memory);
 *                  the receive answers with a QuotaLimit fault naming it instead of the Done
 */
public record OutputBatch(byte[] stdout, byte[] stderr, boolean stdoutEnd, boolean stderrEnd, boolean done,
                          OptionalInt exitCode, boolean timedOut, Optional<String> limitExceeded) {

    private static final byte[] EMPTY = new byte[0];
    private static final OutputBatch TIMED_OUT =
            new OutputBatch(EMPTY, EMPTY, false, false, false, OptionalInt.empty(), true, Optional.empty());

    public OutputBatch {
        stdout = stdout == null ? EMPTY : stdout;
        stderr = stderr == null ? EMPTY : stderr;
        if (done != exitCode.isPresent()) {
            throw new IllegalArgumentException("exitCode must be present exactly when done");
        }
    }

    /** The batch that answers a receive whose timeout elapsed. */
    /** A batch without a limit report. */
    public OutputBatch(byte[] stdout, byte[] stderr, boolean stdoutEnd, boolean stderrEnd, boolean done,
                       OptionalInt exitCode, boolean timedOut) {
        this(stdout, stderr, stdoutEnd, stderrEnd, done, exitCode, timedOut, Optional.empty());
    }

    public static OutputBatch timedOutBatch() {
        return TIMED_OUT;
    }

    /** Total payload bytes. */
    public int size() {
        return stdout.length + stderr.length;
    }
}
