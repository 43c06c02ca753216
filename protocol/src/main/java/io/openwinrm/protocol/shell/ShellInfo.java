package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@code rsp:Shell} as a Get response body ([MS-WSMV] 3.1.4.2.1) and as an item of an Enumerate response, with the
 * elements Windows writes, in its order (2.2.4.37; vectors {@code wsman-get-shell.response.xml},
 * {@code wsman-enumerate-shells.response.xml}). Every element is optional; absent ones are null / empty and not
 * written. Durations are kept at the precision written: IdleTimeOut and MaxIdleTimeOut in milliseconds,
 * ShellRunTime and ShellInactivity in whole seconds.
 *
 * @param workingDirectory as the Create request gave it (Windows echoes it; after ProcessId, as in the ShellType
 *                       schema of 2.2.4.37)
 * @param profileLoaded  as written ({@code Yes} on Windows, although the schema says xs:boolean)
 * @param memoryUsed     as written, e.g. {@code 46MB}
 * @param droppedOutput  OpenWinRM extension, see {@link DroppedOutput}
 */
public record ShellInfo(String shellId, String name, String resourceUri, String owner, String clientIp,
        OptionalLong processId, String workingDirectory, Optional<Duration> idleTimeout, List<String> inputStreams, List<String> outputStreams,
        Optional<Duration> maxIdleTimeout, String locale, String dataLocale, String compressionMode,
        String profileLoaded, String encoding, Optional<BufferMode> bufferMode, Optional<ConnectionState> state,
        Optional<Duration> shellRunTime, Optional<Duration> shellInactivity, String memoryUsed,
        OptionalInt childProcesses, List<DroppedOutput> droppedOutput) implements Body {

    public ShellInfo {
        processId = processId == null ? OptionalLong.empty() : processId;
        idleTimeout = millis(idleTimeout);
        inputStreams = List.copyOf(inputStreams == null ? List.of() : inputStreams);
        outputStreams = List.copyOf(outputStreams == null ? List.of() : outputStreams);
        maxIdleTimeout = millis(maxIdleTimeout);
        bufferMode = bufferMode == null ? Optional.empty() : bufferMode;
        state = state == null ? Optional.empty() : state;
        shellRunTime = seconds(shellRunTime);
        shellInactivity = seconds(shellInactivity);
        childProcesses = childProcesses == null ? OptionalInt.empty() : childProcesses;
        droppedOutput = List.copyOf(droppedOutput == null ? List.of() : droppedOutput);
    }

    public static Builder builder(String shellId) {
        return new Builder(shellId);
    }

    private static Optional<Duration> millis(Optional<Duration> d) {
        return d == null ? Optional.empty() : d.map(v -> Duration.ofMillis(v.toMillis()));
    }

    private static Optional<Duration> seconds(Optional<Duration> d) {
        return d == null ? Optional.empty() : d.map(v -> Duration.ofSeconds(v.getSeconds()));
    }

    /** Collects the elements of a {@link ShellInfo}; unset ones stay absent. */
    public static final class Builder {
        private final String shellId;
        private String name;
        private String resourceUri;
        private String owner;
        private String clientIp;
        private OptionalLong processId = OptionalLong.empty();
        private String workingDirectory;
        private Duration idleTimeout;
        private List<String> inputStreams = List.of();
        private List<String> outputStreams = List.of();
        private Duration maxIdleTimeout;
        private String locale;
        private String dataLocale;
        private String compressionMode;
        private String profileLoaded;
        private String encoding;
        private BufferMode bufferMode;
        private ConnectionState state;
        private Duration shellRunTime;
        private Duration shellInactivity;
        private String memoryUsed;
        private OptionalInt childProcesses = OptionalInt.empty();
        private List<DroppedOutput> droppedOutput = List.of();

        private Builder(String shellId) {
            this.shellId = shellId;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder resourceUri(String v) {
            resourceUri = v;
            return this;
        }

        public Builder owner(String v) {
            owner = v;
            return this;
        }

        public Builder clientIp(String v) {
            clientIp = v;
            return this;
        }

        public Builder processId(long v) {
            processId = OptionalLong.of(v);
            return this;
        }

        public Builder workingDirectory(String v) {
            workingDirectory = v;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        public Builder inputStreams(List<String> v) {
            inputStreams = v;
            return this;
        }

        public Builder outputStreams(List<String> v) {
            outputStreams = v;
            return this;
        }

        public Builder maxIdleTimeout(Duration v) {
            maxIdleTimeout = v;
            return this;
        }

        public Builder locale(String v) {
            locale = v;
            return this;
        }

        public Builder dataLocale(String v) {
            dataLocale = v;
            return this;
        }

        public Builder compressionMode(String v) {
            compressionMode = v;
            return this;
        }

        public Builder profileLoaded(String v) {
            profileLoaded = v;
            return this;
        }

        public Builder encoding(String v) {
            encoding = v;
            return this;
        }

        public Builder bufferMode(BufferMode v) {
            bufferMode = v;
            return this;
        }

        public Builder state(ConnectionState v) {
            state = v;
            return this;
        }

        public Builder shellRunTime(Duration v) {
            shellRunTime = v;
            return this;
        }

        public Builder shellInactivity(Duration v) {
            shellInactivity = v;
            return this;
        }

        public Builder memoryUsed(String v) {
            memoryUsed = v;
            return this;
        }

        public Builder childProcesses(int v) {
            childProcesses = OptionalInt.of(v);
            return this;
        }

        public Builder droppedOutput(List<DroppedOutput> v) {
            droppedOutput = v;
            return this;
        }

        public ShellInfo build() {
            return new ShellInfo(shellId, name, resourceUri, owner, clientIp, processId, workingDirectory,
                    Optional.ofNullable(idleTimeout), inputStreams, outputStreams, Optional.ofNullable(maxIdleTimeout),
                    locale, dataLocale, compressionMode, profileLoaded, encoding, Optional.ofNullable(bufferMode),
                    Optional.ofNullable(state), Optional.ofNullable(shellRunTime),
                    Optional.ofNullable(shellInactivity), memoryUsed, childProcesses, droppedOutput);
        }
    }
}
