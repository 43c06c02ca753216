/**
 * Typed WS-Management faults: {@link io.openwinrm.protocol.fault.FaultKind} (the wire reaction of each fault),
 * {@link io.openwinrm.protocol.fault.WsmanFaultException} and the {@link io.openwinrm.protocol.fault.WsmanFault}
 * body ([MS-WSMV] 3.1.4.1.30).
 */
package io.openwinrm.protocol.fault;
