package io.openwinrm.policy.restrict;

import java.util.List;
import java.util.Objects;

/**
 * One merged rule of a {@link CommandPolicy} with the roles that contributed it (anchors.md §4.3 asks the audit
 * record to name the role(s) that allowed a command).
 *
 * @param command the merged command rule
 * @param roles   names of the contributing roles, sorted, at least one
 */
public record PolicyRule(CommandRule command, List<String> roles) {

    public PolicyRule {
        Objects.requireNonNull(command, "command");
        roles = List.copyOf(roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a policy rule needs at least one role");
        }
    }

    /** E.g. {@code role service-status: /usr/bin/systemctl status} or {@code roles a, b: /usr/bin/id}. */
    public String label() {
        return (roles.size() == 1 ? "role " : "roles ") + String.join(", ", roles) + ": " + command.label();
    }
}
