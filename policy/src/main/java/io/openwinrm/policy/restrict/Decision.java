package io.openwinrm.policy.restrict;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of checking one argv against a {@link CommandPolicy}. Both outcomes carry what the audit record
 * of anchors.md §4.3 needs: the role(s) and argv when allowed, the rule and reason when refused.
 */
public sealed interface Decision permits Decision.Allowed, Decision.Refused {

    /** Whether the command may run. */
    boolean allowed();

    /**
     * The command may run: execute {@code program} directly (no shell) with {@code argv}.
     *
     * @param program absolute path of the program to execute
     * @param argv    the full argv, {@code argv.get(0)} being {@code program} as a string
     * @param roles   the roles whose rules admitted the command, sorted
     */
    record Allowed(Path program, List<String> argv, List<String> roles) implements Decision {

        public Allowed {
            Objects.requireNonNull(program, "program");
            argv = List.copyOf(argv);
            roles = List.copyOf(roles);
        }

        @Override
        public boolean allowed() {
            return true;
        }
    }

    /**
     * The command may not run.
     *
     * @param rule   the rule that refused, e.g. {@code "role service-status: /usr/bin/systemctl status"}, or
     *               {@code "command line"} / {@code "program allowlist"} when no rule was reached
     * @param reason one sentence, e.g. {@code "argument 2 'foo;bar' does not match ^[a-z]+\.service$"}
     */
    record Refused(String rule, String reason) implements Decision {

        public Refused {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean allowed() {
            return false;
        }
    }
}
