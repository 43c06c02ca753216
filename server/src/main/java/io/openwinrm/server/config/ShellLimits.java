package io.openwinrm.server.config;

import io.openwinrm.protocol.shell.BufferMode;
import java.time.Duration;
import java.util.Objects;

/**
 * Quotas and timing of the WinRS shell runtime. {@link #DEFAULTS} mirrors a modern Windows Winrs configuration
 * ([MS-WSMV] 2.2.4.42; {@code winrm get winrm/config/winrs}).
 *
 * @param maxShellsPerUser     MaxShellsPerUser: open shells per owner (30)
 * @param maxConcurrentUsers   MaxConcurrentUsers: distinct owners holding at least one shell (10)
 * @param maxProcessesPerShell MaxProcessesPerShell: concurrently running commands per shell (25)
 * @param idleTimeout          IdleTimeout used when the client gives none (7200 s)
 * @param minIdleTimeout       lower clamp of a client's IdleTimeOut (60 s, the effective Windows minimum)
 * @param maxIdleTimeout       upper clamp of a client's IdleTimeOut (7200 s)
 * @param maxShellRunTime      MaxShellRunTime: a shell is closed this long after creation (2147483647 ms)
 * @param maxOutputPerShellBytes output of a shell's commands (stdout and stderr) buffered for the client and not yet
 *                             received, the role of Windows' MaxMemoryPerShellMB (256 MiB): a command whose output
 *                             finds the budget used up is paused until receives take some; large enough that a client
 *                             may send 50 MB through {@code cat} before its first Receive, as pywinrm users do
 * @param maxOutputTotalBytes  the same bound for all shells of the server together (a quarter of the JVM's maximum
 *                             heap, at least 64 MiB): many shells pausing at their own budget cannot exhaust the heap,
 *                             and there is room left for requests, stdin queues and the rest of the server
 * @param stdinBufferBytes     bound of one command's stdin accepted from the client (its Sends answered) but not yet
 *                             written to the process (1 MiB); a Send that does not fit waits for room. (A per-shell
 *                             memory budget may later take the place of this fixed per-command bound.)
 * @param maxWaitingSends      Sends of one command that may wait for room in its stdin at once (4); one more is
 *                             refused at once with w:QuotaLimit, and a waiting Send that finds no room within its
 *                             OperationTimeout is answered w:TimedOut with nothing of it accepted
 * @param maxWaitingSendBytes  bytes those waiting Sends may hold together (1 MiB; one Send may always wait)
 * @param terminateGrace       time between SIGTERM and SIGKILL of a terminate signal (2 s)
 * @param outputDrainGrace     after the process exits, how long output pipes held open by background children may
 *                             stay silent before the streams are treated as ended (1 s)
 * @param disconnectedIdleTimeout    IdleTimeOut of a disconnected shell when the Disconnect body gives none
 *                                   ([MS-WSMV] 3.1.4.15; Winrs IdleTimeout, 7200 s); after it the shell is closed
 *                                   and its processes are killed and reaped
 * @param maxDisconnectedIdleTimeout upper clamp of the Disconnect body's IdleTimeOut (the MaxIdleTimeOut Windows
 *                                   reports, 2147483.647 s); the lower clamp is {@link #minIdleTimeout}
 * @param bufferMode                 the BufferMode of a disconnected shell when the Disconnect body gives none
 *                                   (Block, as Windows): Block pauses a command whose output
 *                                   finds its budget used up; Drop discards its oldest output
 */
public record ShellLimits(
        int maxShellsPerUser,
        int maxConcurrentUsers,
        int maxProcessesPerShell,
        Duration idleTimeout,
        Duration minIdleTimeout,
        Duration maxIdleTimeout,
        Duration maxShellRunTime,
        long maxOutputPerShellBytes,
        long maxOutputTotalBytes,
        int stdinBufferBytes,
        int maxWaitingSends,
        long maxWaitingSendBytes,
        Duration terminateGrace,
        Duration outputDrainGrace,
        Duration disconnectedIdleTimeout,
        Duration maxDisconnectedIdleTimeout,
        BufferMode bufferMode) {

    /** Smallest output budget: room for a few full reads of a pipe. */
    public static final long MIN_OUTPUT_BUDGET = 1L << 20;

    /** Windows defaults. */
    public static final ShellLimits DEFAULTS = new ShellLimits(30, 10, 25,
            Duration.ofSeconds(7200), Duration.ofSeconds(60), Duration.ofSeconds(7200),
            Duration.ofMillis(Integer.MAX_VALUE), 256L << 20, defaultOutputTotal(), 1 << 20, 4, 1 << 20, Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            Duration.ofSeconds(7200), Duration.ofMillis(Integer.MAX_VALUE), BufferMode.BLOCK);

    public ShellLimits {
        positive(maxShellsPerUser, "maxShellsPerUser");
        positive(maxConcurrentUsers, "maxConcurrentUsers");
        positive(maxProcessesPerShell, "maxProcessesPerShell");
        positive(idleTimeout, "idleTimeout");
        positive(minIdleTimeout, "minIdleTimeout");
        positive(maxIdleTimeout, "maxIdleTimeout");
        positive(maxShellRunTime, "maxShellRunTime");
        if (minIdleTimeout.compareTo(maxIdleTimeout) > 0) {
            throw new IllegalArgumentException("minIdleTimeout > maxIdleTimeout");
        }
        if (maxOutputPerShellBytes < MIN_OUTPUT_BUDGET) {
            throw new IllegalArgumentException("maxOutputPerShellBytes must be at least " + MIN_OUTPUT_BUDGET);
        }
        if (maxOutputTotalBytes < MIN_OUTPUT_BUDGET) {
            throw new IllegalArgumentException("maxOutputTotalBytes must be at least " + MIN_OUTPUT_BUDGET);
        }
        positive(stdinBufferBytes, "stdinBufferBytes");
        positive(maxWaitingSends, "maxWaitingSends");
        if (maxWaitingSendBytes <= 0) {
            throw new IllegalArgumentException("maxWaitingSendBytes must be positive");
        }
        positive(terminateGrace, "terminateGrace");
        positive(outputDrainGrace, "outputDrainGrace");
        positive(disconnectedIdleTimeout, "disconnectedIdleTimeout");
        positive(maxDisconnectedIdleTimeout, "maxDisconnectedIdleTimeout");
        if (minIdleTimeout.compareTo(maxDisconnectedIdleTimeout) > 0) {
            throw new IllegalArgumentException("minIdleTimeout > maxDisconnectedIdleTimeout");
        }
        Objects.requireNonNull(bufferMode, "bufferMode");
    }

    /**
     * The IdleTimeOut of a disconnected shell: {@code requested} (from the Disconnect body) or
     * {@link #disconnectedIdleTimeout} if null, clamped to [{@link #minIdleTimeout}, {@link #maxDisconnectedIdleTimeout}].
     */
    public Duration effectiveDisconnectedIdleTimeout(Duration requested) {
        Duration wanted = requested == null ? disconnectedIdleTimeout : requested;
        if (wanted.compareTo(minIdleTimeout) < 0) {
            return minIdleTimeout;
        }
        return wanted.compareTo(maxDisconnectedIdleTimeout) > 0 ? maxDisconnectedIdleTimeout : wanted;
    }

    /** {@code requested} clamped to [{@link #minIdleTimeout}, {@link #maxIdleTimeout}]; {@link #idleTimeout} if null. */
    public Duration effectiveIdleTimeout(Duration requested) {
        Duration wanted = requested == null ? idleTimeout : requested;
        if (wanted.compareTo(minIdleTimeout) < 0) {
            return minIdleTimeout;
        }
        return wanted.compareTo(maxIdleTimeout) > 0 ? maxIdleTimeout : wanted;
    }

    /**
     * A quarter of the JVM's maximum heap, at least 64 MiB: output is the one thing clients can make the server hold
     * in bulk, and the rest of the heap must stay for everything else.
     */
    private static long defaultOutputTotal() {
        return Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 4);
    }

    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Mutable builder starting from a given set of limits. */
    public static final class Builder {
        private int maxShellsPerUser;
        private int maxConcurrentUsers;
        private int maxProcessesPerShell;
        private Duration idleTimeout;
        private Duration minIdleTimeout;
        private Duration maxIdleTimeout;
        private Duration maxShellRunTime;
        private long maxOutputPerShellBytes;
        private long maxOutputTotalBytes;
        private int stdinBufferBytes;
        private int maxWaitingSends;
        private long maxWaitingSendBytes;
        private Duration terminateGrace;
        private Duration outputDrainGrace;
        private Duration disconnectedIdleTimeout;
        private Duration maxDisconnectedIdleTimeout;
        private BufferMode bufferMode;

        private Builder(ShellLimits from) {
            maxShellsPerUser = from.maxShellsPerUser;
            maxConcurrentUsers = from.maxConcurrentUsers;
            maxProcessesPerShell = from.maxProcessesPerShell;
            idleTimeout = from.idleTimeout;
            minIdleTimeout = from.minIdleTimeout;
            maxIdleTimeout = from.maxIdleTimeout;
            maxShellRunTime = from.maxShellRunTime;
            maxOutputPerShellBytes = from.maxOutputPerShellBytes;
            maxOutputTotalBytes = from.maxOutputTotalBytes;
            stdinBufferBytes = from.stdinBufferBytes;
            maxWaitingSends = from.maxWaitingSends;
            maxWaitingSendBytes = from.maxWaitingSendBytes;
            terminateGrace = from.terminateGrace;
            outputDrainGrace = from.outputDrainGrace;
            disconnectedIdleTimeout = from.disconnectedIdleTimeout;
            maxDisconnectedIdleTimeout = from.maxDisconnectedIdleTimeout;
            bufferMode = from.bufferMode;
        }

        public Builder maxShellsPerUser(int value) {
            maxShellsPerUser = value;
            return this;
        }

        public Builder maxConcurrentUsers(int value) {
            maxConcurrentUsers = value;
            return this;
        }

        public Builder maxProcessesPerShell(int value) {
            maxProcessesPerShell = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder minIdleTimeout(Duration value) {
            minIdleTimeout = value;
            return this;
        }

        public Builder maxIdleTimeout(Duration value) {
            maxIdleTimeout = value;
            return this;
        }

        public Builder maxShellRunTime(Duration value) {
            maxShellRunTime = value;
            return this;
        }

        public Builder maxOutputPerShellBytes(long value) {
            maxOutputPerShellBytes = value;
            return this;
        }

        public Builder maxOutputTotalBytes(long value) {
            maxOutputTotalBytes = value;
            return this;
        }

        public Builder stdinBufferBytes(int value) {
            stdinBufferBytes = value;
            return this;
        }

        public Builder maxWaitingSends(int value) {
            maxWaitingSends = value;
            return this;
        }

        public Builder maxWaitingSendBytes(long value) {
            maxWaitingSendBytes = value;
            return this;
        }

        public Builder terminateGrace(Duration value) {
            terminateGrace = value;
            return this;
        }

        public Builder outputDrainGrace(Duration value) {
            outputDrainGrace = value;
            return this;
        }

        public Builder disconnectedIdleTimeout(Duration value) {
            disconnectedIdleTimeout = value;
            return this;
        }

        public Builder maxDisconnectedIdleTimeout(Duration value) {
            maxDisconnectedIdleTimeout = value;
            return this;
        }

        public Builder bufferMode(BufferMode value) {
            bufferMode = value;
            return this;
        }

        public ShellLimits build() {
            return new ShellLimits(maxShellsPerUser, maxConcurrentUsers, maxProcessesPerShell, idleTimeout,
                    minIdleTimeout, maxIdleTimeout, maxShellRunTime, maxOutputPerShellBytes, maxOutputTotalBytes, stdinBufferBytes,
                    maxWaitingSends, maxWaitingSendBytes, terminateGrace, outputDrainGrace, disconnectedIdleTimeout, maxDisconnectedIdleTimeout,
                    bufferMode);
        }
    }
}
