package io.openwinrm.server.psrp.restricted;

import java.util.Objects;

/** Script text that breaks a {@link NoLanguageRule}; {@link #detail()} says where (a short excerpt, an offset). */
final class LanguageViolation extends Exception {

    private static final long serialVersionUID = 1L;

    private final NoLanguageRule rule;
    private final String detail;

    LanguageViolation(NoLanguageRule rule, String detail) {
        super(rule.errorId() + ": " + detail);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    NoLanguageRule rule() {
        return rule;
    }

    String detail() {
        return detail;
    }
}
