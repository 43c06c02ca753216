package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.Optional;

/**
 * Signal request body {@code rsp:Signal CommandId="..."} ([MS-WSMV] 3.1.4.12, 2.2.4.38).
 *
 * @param code the raw {@code rsp:Code} text; interpret with {@link #signalCode()}
 */
public record SignalRequest(String commandId, String code) implements Body {
    public Optional<SignalCode> signalCode() {
        return SignalCode.fromUri(code);
    }
}
