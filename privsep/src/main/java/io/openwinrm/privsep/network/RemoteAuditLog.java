package io.openwinrm.privsep.network;

import io.openwinrm.privsep.wire.MonitorMessage.Audit;
import io.openwinrm.server.audit.AuditLog;
import io.openwinrm.server.audit.AuditRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit records go to the monitor, which alone may write the (root-owned) audit log. Each is sent and acknowledged
 * before the caller goes on, as the local log flushes each record: a decision is on record before it takes effect,
 * and records keep their order.
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
            monitor.call(id -> new Audit(id, json));
        } catch (java.io.IOException e) {
            LOG.error("the monitor did not take an audit record ({}): {}", e.getMessage(), json);
        }
    }
}
