package io.openwinrm.server.command;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Whether one command hit a limit of its endpoint: its own deadline (the server's timer, which kills the command), or
 * a limit of the shell's {@link Sandbox} that the kernel enforced while the command ran (the sandbox's event counter
 * rose between start and exit). Thread-safe.
 */
final class LimitWatch {

    static final LimitWatch NONE = new LimitWatch(Optional.empty(), Sandbox.NONE);

    private final Optional<Duration> deadline;
    private final Sandbox sandbox;
    private volatile long eventsAtStart;
    private volatile String exceeded;

    LimitWatch(Optional<Duration> deadline, Sandbox sandbox) {
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
    }

    /** Just before the command starts: notes the sandbox's counter. */
    void starting() {
        eventsAtStart = sandbox.limitEvents();
    }

    /**
     * Just after the command started: arms the deadline, which runs {@code kill} if {@code running} still holds.
     */
    void started(ScheduledExecutorService scheduler, BooleanSupplier running, Runnable kill) {
        deadline.ifPresent(d -> scheduler.schedule(() -> {
            if (running.getAsBoolean()) {
                exceeded = "the endpoint's command deadline (" + d.toSeconds() + " s) passed: the command was killed";
                kill.run();
            }
        }, d.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** When the command's process exited: whether the sandbox saw a limit meanwhile. */
    void exited() {
        if (exceeded == null && sandbox.limitEvents() > eventsAtStart) {
            exceeded = sandbox.limitHit().orElse("a limit of the endpoint was hit");
        }
    }

    /** The limit hit, in one sentence, if any. */
    Optional<String> exceeded() {
        return Optional.ofNullable(exceeded);
    }
}
