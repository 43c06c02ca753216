package io.openwinrm.policy.restrict;

import java.util.Objects;

/**
 * A command refused by the restricted policy before it reached a rule, e.g. by {@link CommandLine#parse} for a
 * shell metacharacter. Carries the same two strings as {@link Decision.Refused} so the caller can audit both
 * alike; classify by type, never by message text.
 */
public final class PolicyViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String rule;
    private final String reason;

    /**
     * @param rule   what refused, e.g. {@code "command line"}
     * @param reason one sentence naming the offending argument or character
     */
    public PolicyViolation(String rule, String reason) {
        super(rule + ": " + reason);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** What refused, e.g. {@code "command line"}. */
    public String rule() {
        return rule;
    }

    /** One sentence, e.g. {@code "unquoted shell metacharacter ';' at offset 27"}. */
    public String reason() {
        return reason;
    }

    /** The same refusal as a decision. */
    public Decision.Refused toDecision() {
        return new Decision.Refused(rule, reason);
    }
}
