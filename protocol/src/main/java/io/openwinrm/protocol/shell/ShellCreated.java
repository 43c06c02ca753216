package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Create response: {@code x:ResourceCreated} (EPR with the DMTF ShellId selector) plus {@code rsp:Shell}
 * ([MS-WSMV] 3.1.4.5.2). A Get-shell response decodes to {@link ShellInfo} instead.
 *
 * @param address          {@code a:Address} of the EPR (the listener URL)
 * @param workingDirectory the Create request's {@code rsp:WorkingDirectory}, echoed after ClientIP as Windows does
 *                         (vector {@code winrs-create-extra-opts.response.xml}); null when none was given
 */
public record ShellCreated(String shellId, String resourceUri, String address, String owner, String clientIp,
        String workingDirectory, Optional<Duration> idleTimeout, List<String> inputStreams,
        List<String> outputStreams) implements Body {

    /** Without a working directory. */
    public ShellCreated(String shellId, String resourceUri, String address, String owner, String clientIp,
            Optional<Duration> idleTimeout, List<String> inputStreams, List<String> outputStreams) {
        this(shellId, resourceUri, address, owner, clientIp, null, idleTimeout, inputStreams, outputStreams);
    }

    public ShellCreated {
        idleTimeout = idleTimeout == null ? Optional.empty() : idleTimeout;
        inputStreams = List.copyOf(inputStreams == null ? List.of() : inputStreams);
        outputStreams = List.copyOf(outputStreams == null ? List.of() : outputStreams);
    }
}
