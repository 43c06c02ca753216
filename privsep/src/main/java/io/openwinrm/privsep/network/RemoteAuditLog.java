package io.openwinrm.privsep.network;

import io.openwinrm.privsep.wire.MonitorMessage.Audit;
import io.openwinrm.server.audit.AuditLog;
import io.openwinrm.server.audit.AuditRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit records go to the monitor, which alone may write the (root-owned) audit log; it appends each as it reads it,
 * in order, before it acts on any request sent after it. An access decision is acknowledged before the caller goes
 * on, so it is on record before the client is answered, as the local log flushes each record; other records (a
 * command's end, a shell opened or closed) are not waited for. A record the monitor refuses is logged here and there.
 */
public final class RemoteAuditLog implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteAuditLog.class);

    private static final String ACCESS = "access";

    private final MonitorClient monitor;

    public RemoteAuditLog(MonitorClient monitor) {
        this.monitor = monitor;
    }

    @Override
    public void record(AuditRecord record) {
        String json = record.toJson();
        if (ACCESS.equals(record.event())) {
            try {
                monitor.call(id -> new Audit(id, json)); // on record before the decision is answered
            } catch (java.io.IOException e) {
                LOG.error("the monitor did not take an audit record ({}): {}", e.getMessage(), json);
            }
            return;
        }
        monitor.post(id -> new Audit(id, json)).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.error("the monitor did not take an audit record ({}): {}", e.getMessage(), json);
            }
        });
    }
}
