package io.openwinrm.privsep.network;

import io.openwinrm.privsep.wire.MonitorMessage.Audit;
import io.openwinrm.server.audit.AuditLog;
import io.openwinrm.server.audit.AuditRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit records go to the monitor, which alone may write the (root-owned) audit log. Each is in the monitor's socket
 * before the caller goes on, and the monitor appends it as it reads it, before it acts on any request sent after it:
 * records keep their order, and a record of this side's is on record before anything it led to takes effect through
 * the monitor. The monitor does not answer (a command's completion does not wait for the log); a record it refuses
 * it logs.
 */
public final class RemoteAuditLog implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteAuditLog.class);

    private final MonitorClient monitor;

    public RemoteAuditLog(MonitorClient monitor) {
        this.monitor = monitor;
    }

    @Override
    public void record(AuditRecord record) {
        String json = record.toJson();
        try {
            monitor.post(id -> new Audit(id, json));
        } catch (java.io.IOException e) {
            LOG.error("the monitor did not take an audit record ({}): {}", e.getMessage(), json);
        }
    }
}
