package io.openwinrm.cli.setup;

import java.util.Objects;

/**
 * One report line: {@code "created|changed|removed|unchanged|skipped (<why>)  <what>"}, optionally followed by detail
 * lines (the content of a new file or the diff of a changed one) shown in dry runs.
 *
 * @param status what happened
 * @param reason why (for {@link StepStatus#SKIPPED}, else may be null)
 * @param what   the thing acted on: a path or a short description
 * @param detail content or diff, may be empty
 */
public record StepResult(StepStatus status, String reason, String what, String detail) {

    public StepResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(what, "what");
        detail = detail == null ? "" : detail;
    }

    public static StepResult of(StepStatus status, String what) {
        return new StepResult(status, null, what, "");
    }

    public static StepResult skipped(String why, String what) {
        return new StepResult(StepStatus.SKIPPED, why, what, "");
    }

    /** The report line (without detail). */
    public String line() {
        String head = status.label() + (reason != null ? " (" + reason + ")" : "");
        return head + "  " + what;
    }
}
