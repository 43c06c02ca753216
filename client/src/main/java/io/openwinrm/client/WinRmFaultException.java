package io.openwinrm.client;

import io.openwinrm.protocol.fault.WsmanFault;

/** The service answered with a WS-Management SOAP fault ([MS-WSMV] 3.1.4.1.30); {@link #fault()} has every field. */
public class WinRmFaultException extends WinRmException {
    private static final long serialVersionUID = 1L;
    private final transient WsmanFault fault;

    public WinRmFaultException(WsmanFault fault) {
        super(fault.describe());
        this.fault = fault;
    }

    public WsmanFault fault() {
        return fault;
    }
}
