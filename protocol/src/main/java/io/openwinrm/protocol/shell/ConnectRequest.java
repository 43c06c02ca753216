package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;

/**
 * {@code rsp:Connect} carrying the PSRP {@code connectXml} base64 text ([MS-WSMV] 3.1.4.17), or with a
 * {@code CommandId} attribute the connect to one command of the shell ([MS-PSRP] 3.1.5.3.16).
 *
 * @param commandId the {@code CommandId} attribute, or null for the shell
 */
public record ConnectRequest(String connectXml, String commandId) implements Body {

    /** The Connect of a shell. */
    public ConnectRequest(String connectXml) {
        this(connectXml, null);
    }
}
