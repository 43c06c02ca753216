package io.openwinrm.transport.server;

import java.time.Duration;

/**
 * The per-address authentication failure brake: after {@code maxFailures} failures within {@code window}, an
 * address is answered 401 without any credential check for {@code blockFor}.
 *
 * @param maxFailures failures tolerated per window; 0 disables the brake
 * @param window      counting window
 * @param blockFor    how long an address is refused once over the limit
 */
public record AuthThrottleSettings(int maxFailures, Duration window, Duration blockFor) {
    public AuthThrottleSettings {
        if (maxFailures < 0 || window.isNegative() || blockFor.isNegative()) {
            throw new IllegalArgumentException("throttle settings must not be negative");
        }
    }

    /** 10 failures in 60 s block the address for 30 s. */
    public static AuthThrottleSettings defaults() {
        return new AuthThrottleSettings(10, Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    public static AuthThrottleSettings disabled() {
        return new AuthThrottleSettings(0, Duration.ZERO, Duration.ZERO);
    }
}
