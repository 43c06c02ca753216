package io.openwinrm.server.psrp.restricted;

import io.openwinrm.policy.restrict.Decision;
import java.util.List;
import java.util.Objects;

/** One command of a resolved statement: a built-in ready to run, or a program the caller's roles allow. */
sealed interface StatementElement permits StatementElement.Builtin, StatementElement.Native {

    /** The command as the audit records it. */
    List<String> argv();

    /** A built-in command (or {@code $PSVersionTable}, {@code $LASTEXITCODE}, {@code exit}) as a stage. */
    record Builtin(Stage stage, List<String> argv) implements StatementElement {
        public Builtin {
            Objects.requireNonNull(stage, "stage");
            argv = List.copyOf(argv);
        }
    }

    /** A program to execute directly with {@code allowed.argv()}; always the first command of its statement. */
    record Native(Decision.Allowed allowed) implements StatementElement {
        public Native {
            Objects.requireNonNull(allowed, "allowed");
        }

        @Override
        public List<String> argv() {
            return allowed.argv();
        }
    }
}
