package io.openwinrm.server.audit;

/** Where audit records go. Implementations must be thread-safe and never throw. */
@FunctionalInterface
public interface AuditLog {

    /** Discards everything. */
    AuditLog NONE = record -> {
    };

    void record(AuditRecord record);
}
