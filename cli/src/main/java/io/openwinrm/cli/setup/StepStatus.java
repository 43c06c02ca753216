package io.openwinrm.cli.setup;

import java.util.Locale;

/** What a step did (or, in a dry run, would do). */
public enum StepStatus {
    CREATED, CHANGED, REMOVED, UNCHANGED, SKIPPED;

    /** Whether the host was (or would be) changed. */
    public boolean isChange() {
        return this == CREATED || this == CHANGED || this == REMOVED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
