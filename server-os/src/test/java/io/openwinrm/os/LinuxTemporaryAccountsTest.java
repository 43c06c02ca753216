package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.identity.OsIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxTemporaryAccountsTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

    @Test
    void namesAreSanitisedAndCut() {
        assertThat(LinuxTemporaryAccounts.sanitise("CORP\\Alice.Smith")).isEqualTo("alice_smith");
        assertThat(LinuxTemporaryAccounts.sanitise("bob@EXAMPLE.COM")).isEqualTo("bob");
        assertThat(LinuxTemporaryAccounts.sanitise("Ünï cödé")).isEqualTo("_n__c_d_");
        assertThat(LinuxTemporaryAccounts.sanitise("")).isEqualTo("user");
        assertThat(LinuxTemporaryAccounts.name(12, "a".repeat(40))).hasSize(32).startsWith("owva12_aaa");
    }

    @Test
    void createRunRemove(@TempDir Path base) throws Exception {
        TestUsers.assumeRootWithTools();
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        LinuxTemporaryAccounts accounts = new LinuxTemporaryAccounts(base.resolve("home"));
        try (TestUsers users = new TestUsers()) {
            String group = users.group("t");
            OsIdentity account = accounts.create("CORP\\Alice.Smith", List.of(group));
            try {
                assertThat(account.name()).matches("owva\\d+_alice_smith");
                assertThat(account.uid()).isPositive();
                assertThat(account.groupNames()).containsExactly(account.name(), group);
                assertThat(Files.readAllLines(Path.of("/etc/passwd"))).anyMatch(line ->
                        line.startsWith(account.name() + ":") && line.contains(
                                ":OpenWinRM temporary account (default) for CORP\\Alice.Smith:")
                                && line.endsWith(":/usr/sbin/nologin"));
                Path home = base.resolve("home").resolve(account.name());
                assertThat(account.home()).isEqualTo(home);
                assertThat(Files.getAttribute(home, "unix:mode")).isEqualTo(040700);
                assertThat(Files.getAttribute(home, "unix:uid")).isEqualTo(account.uid());

                LocalProcessLauncher launcher = new LocalProcessLauncher();
                LaunchedProcess id = launcher.launch(new LaunchSpec(List.of("/bin/sh", "-c",
                        "id -un; touch file && echo wrote"), home, ENV, Optional.of(account), Sandbox.NONE, true));
                assertThat(new String(id.stdout().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo(account.name() + "\nwrote\n");
                LaunchedProcess lingering = launcher.launch(new LaunchSpec(List.of("/bin/sh", "-c",
                        "setsid sleep 300 & exec sleep 300"), home, ENV, Optional.of(account), Sandbox.NONE, false));
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (LinuxTemporaryAccounts.processesOf(account.uid()).size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(LinuxTemporaryAccounts.processesOf(account.uid())).hasSize(2);

                accounts.remove(account);
                assertThat(lingering.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
                assertThat(LinuxTemporaryAccounts.processesOf(account.uid())).isEmpty();
                assertThat(TestUsers.inPasswd(account.name())).isFalse();
                assertThat(home).doesNotExist();
                accounts.remove(account); // idempotent
            } finally {
                TestUsers.run("/usr/sbin/userdel", account.name());
            }
        }
    }

    @Test
    void staleAccountsAreRemovedAndBadGroupsRefused(@TempDir Path base) throws Exception {
        TestUsers.assumeRootWithTools();
        LinuxTemporaryAccounts first = new LinuxTemporaryAccounts(base);
        OsIdentity left = first.create("crashed", List.of());
        try {
            assertThat(TestUsers.inPasswd(left.name())).isTrue();
            List<String> removed = new LinuxTemporaryAccounts(base).removeStale();
            assertThat(removed).contains(left.name());
            assertThat(TestUsers.inPasswd(left.name())).isFalse();
            assertThat(base.resolve(left.name())).doesNotExist();
        } finally {
            TestUsers.run("/usr/sbin/userdel", left.name());
        }
        // another server instance's accounts are not this one's leftovers
        LinuxTemporaryAccounts other = new LinuxTemporaryAccounts(base, new ServerInstance("owtest-other"));
        OsIdentity theirs = other.create("live", List.of());
        try {
            assertThat(new LinuxTemporaryAccounts(base).removeStale()).doesNotContain(theirs.name());
            assertThat(TestUsers.inPasswd(theirs.name())).isTrue();
            assertThat(other.removeStale()).containsExactly(theirs.name());
        } finally {
            TestUsers.run("/usr/sbin/userdel", theirs.name());
        }
        assertThatThrownBy(() -> first.create("x", List.of("owtest-no-such-group")))
                .isInstanceOf(IOException.class).hasMessageContaining("useradd");
        assertThatThrownBy(() -> first.create("x", List.of("a,b"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> first.remove(new PosixAccounts().self())).isInstanceOf(IOException.class);
    }
}
