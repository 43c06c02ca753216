package io.openwinrm.cli.config;

import io.openwinrm.server.access.IsolationMode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code [security]} section of {@code openwinrm.toml}.
 *
 * @param isolation whether commands run as the callers' OS accounts
 * @param auditLog  where audit records go (JSON lines)
 * @param hideProcesses whether non-administrators see only their own processes
 */
public record SecuritySettings(IsolationMode isolation, Path auditLog, boolean hideProcesses) {

    public static final String DEFAULT_AUDIT_LOG = "audit/audit.jsonl";

    public SecuritySettings {
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(auditLog, "auditLog");
    }

    public static SecuritySettings defaults(Path home) {
        return new SecuritySettings(IsolationMode.AUTO, home.resolve(DEFAULT_AUDIT_LOG), true);
    }
}
