package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.Optional;

/**
 * RUNSPACEPOOL_STATE ([MS-PSRP] 2.2.2.9): the pool's state as its wire value (2 Opened, 3 Closed, 5 Broken are the
 * ones servers send; see {@code state.RunspacePoolState}) and, for Broken, the reason.
 *
 * @param exceptionAsErrorRecord the ErrorRecord explaining Broken, or null
 */
public record RunspacePoolStateMessage(int state, PsValue exceptionAsErrorRecord) implements MessageBody {

    public static RunspacePoolStateMessage of(int state) {
        return new RunspacePoolStateMessage(state, null);
    }

    public static RunspacePoolStateMessage broken(int state, ErrorRecord reason) {
        return new RunspacePoolStateMessage(state, reason.toPsObject());
    }

    /** The typed reason, if any. */
    public Optional<ErrorRecord> reason() {
        return Optional.ofNullable(exceptionAsErrorRecord).map(ErrorRecord::from);
    }

    @Override
    public int typeCode() {
        return MessageType.RUNSPACEPOOL_STATE.code();
    }
}
