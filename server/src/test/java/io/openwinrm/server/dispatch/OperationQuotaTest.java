package io.openwinrm.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.server.shell.Quota;
import io.openwinrm.server.shell.QuotaExceededException;
import org.junit.jupiter.api.Test;

/** MaxConcurrentOperationsPerUser as counted per user. */
class OperationQuotaTest {

    @Test
    void aUsersRequestsInFlightAreBoundedOthersAreNotAndAnsweredOnesMakeRoom() {
        OperationQuota quota = new OperationQuota(2);
        OperationQuota.Permit first = quota.acquire("alice");
        quota.acquire("alice");
        assertThatThrownBy(() -> quota.acquire("alice")).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
            assertThat(e.quota()).isEqualTo(Quota.MAX_CONCURRENT_OPERATIONS_PER_USER);
            assertThat(e.limit()).isEqualTo(2);
        });
        assertThat(quota.inFlight("alice")).as("a refused request holds nothing").isEqualTo(2);
        OperationQuota.Permit bobs = quota.acquire("bob");
        first.close();
        first.close(); // idempotent: releases once
        assertThat(quota.inFlight("alice")).isEqualTo(1);
        quota.acquire("alice");
        bobs.close();
        assertThat(quota.inFlight("bob")).isZero();
    }
}
