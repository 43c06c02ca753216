package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;

/** {@code rsp:Connect} carrying the PSRP {@code connectXml} base64 text ([MS-WSMV] 3.1.4.17). */
public record ConnectRequest(String connectXml) implements Body {
}
