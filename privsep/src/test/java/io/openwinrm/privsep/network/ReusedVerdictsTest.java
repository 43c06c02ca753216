package io.openwinrm.privsep.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.spi.AuthenticatedUser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReusedVerdictsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final ReusedVerdicts verdicts = new ReusedVerdicts(now::get);
    private final AuthenticatedUser alice = new AuthenticatedUser("alice", "Basic", Optional.empty(), List.of(),
            Optional.of("s-1"));
    private final byte[] token = "alice:secret".getBytes(StandardCharsets.UTF_8);

    @Test
    void aVerdictIsReusedForTheSameCredentialsOnly() {
        verdicts.put("Basic", true, token, alice, verdicts.generation());
        assertThat(verdicts.get("basic", true, token)).contains(alice);
        assertThat(verdicts.get("Basic", true, "alice:secreT".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(verdicts.get("Basic", false, token)).as("not across listeners").isEmpty();
        assertThat(verdicts.get("certificate", true, token)).isEmpty();
    }

    @Test
    void aVerdictExpires() {
        verdicts.put("Basic", true, token, alice, verdicts.generation());
        now.addAndGet(ReusedVerdicts.TTL_NANOS - 1);
        assertThat(verdicts.get("Basic", true, token)).isPresent();
        now.addAndGet(1);
        assertThat(verdicts.get("Basic", true, token)).isEmpty();
        assertThat(verdicts.size()).isZero();
    }

    @Test
    void invalidationVoidsEveryVerdictAndAnAnswerObtainedAcrossIt() {
        verdicts.put("Basic", true, token, alice, verdicts.generation());
        long before = verdicts.generation();
        verdicts.invalidate();
        assertThat(verdicts.get("Basic", true, token)).isEmpty();
        verdicts.put("Basic", true, token, alice, before); // the monitor answered before the change was announced
        assertThat(verdicts.get("Basic", true, token)).isEmpty();
    }

    @Test
    void theTableIsBounded() {
        for (int i = 0; i < 5000; i++) {
            verdicts.put("Basic", true, ("u" + i + ":p").getBytes(StandardCharsets.UTF_8), alice,
                    verdicts.generation());
        }
        assertThat(verdicts.size()).isEqualTo(1024);
        assertThat(verdicts.get("Basic", true, "u4999:p".getBytes(StandardCharsets.UTF_8))).isPresent();
        assertThat(verdicts.get("Basic", true, "u0:p".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
