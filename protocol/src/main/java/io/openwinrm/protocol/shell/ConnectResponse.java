package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.List;

/** {@code rsp:ConnectResponse} ([MS-WSMV] 3.1.4.17). */
public record ConnectResponse(List<String> inputStreams, List<String> outputStreams, String connectResponseXml)
        implements Body {
    public ConnectResponse {
        inputStreams = List.copyOf(inputStreams == null ? List.of() : inputStreams);
        outputStreams = List.copyOf(outputStreams == null ? List.of() : outputStreams);
    }
}
