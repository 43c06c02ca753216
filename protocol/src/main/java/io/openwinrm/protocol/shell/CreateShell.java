package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Create request body {@code rsp:Shell} ([MS-WSMV] 3.1.4.5.2, 2.2.4.37). Children may come in any order.
 *
 * @param shellId          client-chosen {@code ShellId} attribute (PSRP, needed for Disconnect), or null
 * @param environment      {@code rsp:Environment/rsp:Variable}, in document order
 * @param idleTimeout      {@code rsp:IdleTimeOut}, an xs:duration
 * @param lifetime         {@code rsp:Lifetime}
 * @param name             {@code rsp:Name}, or null
 * @param creationXml      PSRP {@code creationXml} (base64 text), or null
 */
public record CreateShell(String shellId, List<String> inputStreams, List<String> outputStreams,
        String workingDirectory, Map<String, String> environment, Optional<Duration> idleTimeout,
        Optional<Duration> lifetime, String name, String creationXml) implements Body {

    public CreateShell {
        inputStreams = List.copyOf(inputStreams == null ? List.of() : inputStreams);
        outputStreams = List.copyOf(outputStreams == null ? List.of() : outputStreams);
        environment = environment == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        idleTimeout = idleTimeout == null ? Optional.empty() : idleTimeout;
        lifetime = lifetime == null ? Optional.empty() : lifetime;
    }

    public CreateShell(String shellId, List<String> inputStreams, List<String> outputStreams,
            String workingDirectory, Map<String, String> environment, Optional<Duration> idleTimeout,
            Optional<Duration> lifetime, String name) {
        this(shellId, inputStreams, outputStreams, workingDirectory, environment, idleTimeout, lifetime, name, null);
    }

    /** The usual cmd shell: {@code stdin} in, {@code stdout stderr} out, nothing else. */
    public static CreateShell cmd() {
        return new CreateShell(null, List.of(StreamNames.STDIN), List.of(StreamNames.STDOUT, StreamNames.STDERR),
                null, Map.of(), Optional.empty(), Optional.empty(), null, null);
    }
}
