package io.openwinrm.cli.setup;

/** One idempotent step of a setup plan. */
@FunctionalInterface
public interface Step {

    /**
     * Brings one thing to its wanted state, or only reports what would change.
     *
     * @param dryRun change nothing, report what would change (with the content or diff as detail)
     * @param changedSoFar whether an earlier step of the same run changed something (a running service restarts)
     * @throws SetupException when the step cannot be done; the run stops there
     */
    StepResult run(boolean dryRun, boolean changedSoFar) throws SetupException;
}
