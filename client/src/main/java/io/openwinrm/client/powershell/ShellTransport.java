package io.openwinrm.client.powershell;

import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.WsmanAction;

/**
 * The WS-Man operations a pool needs, as {@link io.openwinrm.client.internal.WsmanChannel#call} offers them: the seam
 * where tests put a replaying host. Thread-safe; a pending Receive must not hold up other calls.
 */
interface ShellTransport extends AutoCloseable {

    /**
     * Sends one operation and returns the reply body.
     *
     * @throws io.openwinrm.client.WinRmFaultException     for a WS-Man fault
     * @throws io.openwinrm.client.WinRmTransportException for anything else that went wrong
     */
    <T extends Body> T call(WsmanAction action, String resourceUri, String shellId, OptionSet options, Body body,
            Class<T> expect);

    /** Releases the connections. */
    @Override
    void close();
}
