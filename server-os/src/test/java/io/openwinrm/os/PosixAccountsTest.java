package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.server.identity.OsIdentity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PosixAccountsTest {

    @Test
    void findsRootWithItsGroupsAndShell() {
        OsIdentity root = new PosixAccounts().find("root").orElseThrow();
        assertThat(root.uid()).isZero();
        assertThat(root.gid()).isZero();
        assertThat(root.groupIds()).startsWith(0);
        assertThat(root.groupNames()).startsWith("root");
        assertThat(root.home()).isEqualTo(Path.of("/root"));
        assertThat(root.shell().toString()).startsWith("/");
        assertThat(root.isRoot()).isTrue();
    }

    @Test
    void unknownAndMalformedNamesAreEmpty() {
        PosixAccounts accounts = new PosixAccounts();
        assertThat(accounts.find("no-such-user-4711")).isEmpty();
        assertThat(accounts.find("")).isEmpty();
        assertThat(accounts.find("root\0x")).isEmpty();
        assertThat(accounts.find("ROOT")).isEmpty(); // exact, no case folding
        assertThat(accounts.find("DOMAIN\\root")).isEmpty();
    }

    @Test
    void selfIsTheEffectiveUid() {
        PosixAccounts accounts = new PosixAccounts();
        assertThat(accounts.self().uid()).isEqualTo(LibC.INSTANCE.geteuid());
        if (LibC.INSTANCE.geteuid() == 0) {
            assertThat(accounts.canSwitchUsers()).isTrue();
        }
    }

    @Test
    void aLookupIsReusedForTheTtlOnly() throws Exception {
        MutableClock clock = new MutableClock();
        PosixAccounts accounts = new PosixAccounts(Duration.ofSeconds(5), clock);
        Optional<OsIdentity> first = accounts.find("root");
        clock.now = clock.now.plusSeconds(4);
        assertThat(accounts.find("root")).isSameAs(first);
        clock.now = clock.now.plusSeconds(2);
        Optional<OsIdentity> fresh = accounts.find("root");
        assertThat(fresh).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void supplementaryGroupsComeFromGetgrouplist() throws Exception {
        TestUsers.assumeRootWithTools();
        try (TestUsers users = new TestUsers()) {
            String g1 = users.group("x1");
            String g2 = users.group("x2");
            OsIdentity carol = users.user("c", g1, g2);
            assertThat(carol.groupIds()).hasSize(3).startsWith(carol.gid()).doesNotHaveDuplicates();
            assertThat(carol.groupNames()).containsExactly(carol.name(), g1, g2);
            assertThat(carol.shell()).isEqualTo(Path.of("/bin/sh"));
            assertThat(new PosixAccounts().byUid(carol.uid())).contains(carol);
        }
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
