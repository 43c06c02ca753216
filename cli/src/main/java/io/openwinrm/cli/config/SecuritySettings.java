package io.openwinrm.cli.config;

import io.openwinrm.server.access.IsolationMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code [security]} section of {@code openwinrm.toml}.
 *
 * @param isolation whether commands run as the callers' OS accounts
 * @param auditLog  where audit records go (JSON lines)
 * @param hideProcesses whether non-administrators see only their own processes
 * @param privilegeSeparation {@code auto} (separate when run as root), {@code on} (refuse to start otherwise) or
 *                  {@code off}: whether the process that reads network bytes runs as the unprivileged service account
 *                  while a small monitor keeps root
 */
public record SecuritySettings(IsolationMode isolation, Path auditLog, boolean hideProcesses,
                               String privilegeSeparation) {

    public static final String DEFAULT_AUDIT_LOG = "audit/audit.jsonl";

    public SecuritySettings {
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(auditLog, "auditLog");
        if (!List.of("auto", "on", "off").contains(privilegeSeparation)) {
            throw new IllegalArgumentException("privilege_separation must be \"auto\", \"on\" or \"off\", not \""
                    + privilegeSeparation + "\"");
        }
    }

    public static SecuritySettings defaults(Path home) {
        return new SecuritySettings(IsolationMode.AUTO, home.resolve(DEFAULT_AUDIT_LOG), true, "auto");
    }
}
