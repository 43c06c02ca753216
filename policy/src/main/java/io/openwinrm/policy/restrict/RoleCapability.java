package io.openwinrm.policy.restrict;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One role: a named set of allowed commands, the analogue of a JEA role capability file ({@code .psrc},
 * anchors.md §4.2). Read one with {@link RoleCapabilityFile}; combine a user's roles with {@link RoleMerger}.
 *
 * @param name        role name (the file name without {@code .toml}), letters, digits, {@code . _ -}
 * @param description free text, may be empty
 * @param commands    allowed commands; no two with the same program and fixed arguments
 */
public record RoleCapability(String name, String description, List<CommandRule> commands) {

    /**
     * @throws IllegalArgumentException for a malformed name or two commands with the same program and fixed
     *                                  arguments
     */
    public RoleCapability {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        commands = List.copyOf(commands);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("role name " + ArgumentText.quote(name)
                    + " must be letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Set<CommandRule.RuleKey> keys = new HashSet<>();
        for (CommandRule command : commands) {
            if (!keys.add(command.key())) {
                throw new IllegalArgumentException("command " + command.label() + " is declared twice");
            }
        }
    }
}
