package io.openwinrm.cli.setup;

import java.io.PrintWriter;
import java.util.List;

/** Runs a plan's steps in order and prints one line per step, the detail in dry runs, and a summary line. */
public final class SetupRun {

    private SetupRun() {
    }

    /**
     * @return the number of steps that changed (or would change) something
     * @throws SetupException from the first step that fails; the lines before it are printed
     */
    public static int run(List<Step> steps, boolean dryRun, PrintWriter out) throws SetupException {
        if (dryRun) {
            out.println("dry run: nothing is changed; showing what would be");
        }
        int changes = 0;
        for (Step step : steps) {
            StepResult r = step.run(dryRun, changes > 0);
            out.println(r.line());
            if (dryRun && r.status().isChange() && !r.detail().isEmpty()) {
                for (String l : r.detail().stripTrailing().split("\n", -1)) {
                    out.println(l.isEmpty() ? "" : "    " + l);
                }
            }
            if (r.status().isChange()) {
                changes++;
            }
            out.flush();
        }
        if (changes == 0) {
            out.println("no changes");
        } else {
            out.println(changes + (changes == 1 ? " change" : " changes") + (dryRun ? " would be made" : " made"));
        }
        out.flush();
        return changes;
    }
}
