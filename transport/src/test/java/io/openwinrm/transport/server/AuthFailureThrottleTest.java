package io.openwinrm.transport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.transport.server.AuthFailureThrottle.Admission;
import io.openwinrm.transport.server.AuthFailureThrottle.Attempt;
import io.openwinrm.transport.server.AuthFailureThrottle.Granted;
import io.openwinrm.transport.server.AuthFailureThrottle.Refused;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link AuthFailureThrottle} on a fake clock: slots for attempts in flight, per-address and per-account blocks. */
class AuthFailureThrottleTest {

    private final AtomicLong clock = new AtomicLong();
    private final AuthFailureThrottle throttle = new AuthFailureThrottle(
            new AuthThrottleSettings(10, Duration.ofSeconds(60), Duration.ofSeconds(30)), clock::get);

    private static InetAddress ip(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    private static Attempt granted(CompletableFuture<Admission> f) {
        assertThat(f).isDone();
        assertThat(f.join()).isInstanceOf(Granted.class);
        return ((Granted) f.join()).attempt();
    }

    @Test
    void sixtyOneParallelGuessesGetTenSlotsAndTheRestAreRefusedOnceTheyFail() throws Exception {
        InetAddress attacker = ip("192.0.2.7");
        List<CompletableFuture<Admission>> all = new ArrayList<>();
        for (int i = 0; i < 61; i++) {
            all.add(throttle.begin(attacker));
        }
        List<Attempt> running = new ArrayList<>();
        for (CompletableFuture<Admission> f : all.subList(0, 10)) {
            running.add(granted(f));
        }
        assertThat(all.subList(10, 61)).as("no more steps in flight than failures left").noneMatch(
                CompletableFuture::isDone);
        running.forEach(a -> a.failed(Optional.of("alice")));
        assertThat(all.subList(10, 61)).allMatch(f -> f.isDone() && f.join() == Refused.BLOCKED);
        assertThat(throttle.isBlocked(attacker)).isTrue();
        assertThat(throttle.begin(attacker).join()).isEqualTo(Refused.BLOCKED);
    }

    @Test
    void parallelRequestsOfALegitimateClientWaitForASlotInsteadOfBeingRefused() throws Exception {
        InetAddress client = ip("192.0.2.8");
        List<CompletableFuture<Admission>> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            all.add(throttle.begin(client));
        }
        int succeeded = 0;
        while (succeeded < 25) {
            CompletableFuture<Admission> next = all.stream().filter(CompletableFuture::isDone).findFirst().orElseThrow();
            all.remove(next);
            assertThat(granted(next).succeeded("alice")).isTrue();
            succeeded++;
        }
        assertThat(throttle.isBlocked(client)).isFalse();
    }

    @Test
    void slotsLeftShrinkWithFailuresAndGrowBackWithTheWindow() throws Exception {
        InetAddress client = ip("192.0.2.9");
        for (int i = 0; i < 8; i++) {
            granted(throttle.begin(client)).failed(Optional.of("bob"));
        }
        Attempt a = granted(throttle.begin(client));
        Attempt b = granted(throttle.begin(client));
        CompletableFuture<Admission> third = throttle.begin(client);
        assertThat(third).as("8 failures + 2 in flight = the limit").isNotDone();
        a.finished();
        Attempt c = granted(third);
        b.succeeded("bob");
        c.succeeded("bob");
        clock.addAndGet(Duration.ofSeconds(61).toNanos());
        List<Attempt> fresh = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fresh.add(granted(throttle.begin(client)));
        }
        fresh.forEach(Attempt::finished);
    }

    @Test
    void anAccountIsBlockedByFailuresFromManyAddressesAndItsCorrectPasswordRefused() throws Exception {
        for (int i = 1; i <= 10; i++) {
            granted(throttle.begin(ip("198.51.100." + i))).failed(Optional.of(i % 2 == 0 ? "CORP\\Alice" : "alice"));
        }
        assertThat(throttle.isAccountBlocked("alice")).isTrue();
        Attempt right = granted(throttle.begin(ip("198.51.100.99")));
        assertThat(right.succeeded("alice")).as("right password, blocked account").isFalse();
        assertThat(granted(throttle.begin(ip("198.51.100.99"))).succeeded("carol")).isTrue();
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(granted(throttle.begin(ip("198.51.100.99"))).succeeded("alice")).as("block expired").isTrue();
    }

    @Test
    void aCorrectPasswordFromABlockedAddressIsNeverEvaluated() throws Exception {
        InetAddress client = ip("192.0.2.10");
        for (int i = 0; i < 10; i++) {
            granted(throttle.begin(client)).failed(Optional.empty());
        }
        assertThat(throttle.begin(client).join()).isEqualTo(Refused.BLOCKED);
        clock.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(throttle.begin(client).join()).isEqualTo(Refused.BLOCKED);
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(granted(throttle.begin(client)).succeeded("alice")).isTrue();
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareTheirCount() throws Exception {
        for (int i = 1; i <= 10; i++) {
            granted(throttle.begin(ip("2001:db8:1:2::" + Integer.toHexString(i)))).failed(Optional.empty());
        }
        assertThat(throttle.begin(ip("2001:db8:1:2:ffff::1")).join()).isEqualTo(Refused.BLOCKED);
        assertThat(throttle.begin(ip("2001:db8:1:3::1")).join()).isInstanceOf(Granted.class);
    }

    @Test
    void floodingTheAccountTableWithNewNamesDoesNotLiftABlock() throws Exception {
        for (int i = 0; i < 10; i++) {
            granted(throttle.begin(ip("203.0.113." + (i + 1)))).failed(Optional.of("root"));
        }
        for (int i = 0; i < AuthFailureThrottle.MAX_TRACKED + 100; i++) {
            Attempt a = granted(throttle.begin(ip("10.0." + (i / 250) + "." + (i % 250 + 1))));
            a.failed(Optional.of("user" + i));
        }
        assertThat(throttle.isAccountBlocked("root")).isTrue();
    }

    @Test
    void aDisabledThrottleGrantsEverything() throws Exception {
        AuthFailureThrottle off = new AuthFailureThrottle(AuthThrottleSettings.disabled(), clock::get);
        for (int i = 0; i < 100; i++) {
            granted(off.begin(ip("192.0.2.11"))).failed(Optional.of("alice"));
        }
        assertThat(granted(off.begin(ip("192.0.2.11"))).succeeded("alice")).isTrue();
    }

    @Test
    void accountKeysIgnoreCaseAndTheNtlmDomain() {
        assertThat(AuthFailureThrottle.accountKey("CORP\\Alice")).isEqualTo("alice");
        assertThat(AuthFailureThrottle.accountKey("alice")).isEqualTo("alice");
        assertThat(AuthFailureThrottle.accountKey("x".repeat(65))).isNull();
        assertThat(AuthFailureThrottle.accountKey("CORP\\")).isNull();
    }
}
