package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.List;
import java.util.Objects;

/**
 * A statement that may not run: the error record the client gets, and for the audit the command as asked, the rule
 * that refused it and why. Nothing of the statement has started.
 */
final class CommandRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ErrorRecord record;
    private final List<String> argv;
    private final String rule;
    private final String reason;

    CommandRefusal(ErrorRecord record, List<String> argv, String rule, String reason) {
        super(rule + ": " + reason);
        this.record = Objects.requireNonNull(record, "record");
        this.argv = List.copyOf(argv);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    ErrorRecord record() {
        return record;
    }

    List<String> argv() {
        return argv;
    }

    String rule() {
        return rule;
    }

    String reason() {
        return reason;
    }
}
