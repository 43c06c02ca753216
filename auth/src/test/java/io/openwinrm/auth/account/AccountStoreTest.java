package io.openwinrm.auth.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountStoreTest {

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();

    private AccountStore.Options fast() {
        return new AccountStore.Options(1000, Duration.ofMinutes(5), 16, clock::get);
    }

    private AccountStore store() throws Exception {
        return AccountStore.load(dir.resolve(AccountStore.DEFAULT_FILE_NAME), fast());
    }

    @Test
    void missingFileIsEmptyAndAddCreatesPrivateFile() throws Exception {
        AccountStore store = store();
        assertThat(store.list()).isEmpty();
        store.add("bob", "pw1".toCharArray());
        store.add("alice", "pw2".toCharArray());
        assertThat(store.list()).containsExactly("alice", "bob");
        Path file = store.file();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String text = Files.readString(file);
        assertThat(text).contains("openwinrm-accounts 1").contains("user bob password=pbkdf2-sha256$1000$")
                .contains(" nthash=").doesNotContain("pw1");
        try (var listing = Files.list(dir)) {
            assertThat(listing).hasSize(1);
        }
    }

    @Test
    void verifiesPasswordsAndRejectsUnknownUsers() throws Exception {
        AccountStore store = store();
        store.add("alice", "correct horse".toCharArray());
        assertThat(store.verify("alice", "correct horse".toCharArray())).isTrue();
        assertThat(store.verify("alice", "wrong".toCharArray())).isFalse();
        assertThat(store.verify("mallory", "correct horse".toCharArray())).isFalse();
        assertThat(store.verify(null, "x".toCharArray())).isFalse();
        AccountStore reloaded = store();
        assertThat(reloaded.verify("alice", "correct horse".toCharArray())).isTrue();
        assertThat(reloaded.ntHash("alice")).hasValueSatisfying(h -> assertThat(h).hasSize(16));
    }

    @Test
    void defaultHashingUsesSixHundredThousandIterations() throws Exception {
        AccountStore store = AccountStore.load(dir.resolve("accounts"));
        store.add("alice", "pw".toCharArray());
        assertThat(Files.readString(store.file())).contains("password=pbkdf2-sha256$600000$");
    }

    @Test
    void removeAndSetPassword() throws Exception {
        AccountStore store = store();
        store.add("alice", "old".toCharArray());
        assertThat(store.verify("alice", "old".toCharArray())).isTrue();
        store.setPassword("alice", "new".toCharArray());
        assertThat(store.verify("alice", "old".toCharArray())).as("cache invalidated").isFalse();
        assertThat(store.verify("alice", "new".toCharArray())).isTrue();
        assertThat(store.remove("alice")).isTrue();
        assertThat(store.remove("alice")).isFalse();
        assertThat(store.verify("alice", "new".toCharArray())).isFalse();
        assertThatThrownBy(() -> store.setPassword("alice", "x".toCharArray()))
                .isInstanceOf(AccountStoreException.class).hasMessageContaining("no such user");
    }

    @Test
    void rejectsDuplicatesInvalidNamesAndEmptyPasswords() throws Exception {
        AccountStore store = store();
        store.add("alice", "pw".toCharArray());
        assertThatThrownBy(() -> store.add("alice", "pw".toCharArray())).hasMessageContaining("already exists");
        for (String bad : List.of("", "a:b", "a b", "tab\there", "ctl\u0007", "x".repeat(65))) {
            assertThatThrownBy(() -> store.add(bad, "pw".toCharArray())).isInstanceOf(IllegalArgumentException.class);
        }
        store.add("x".repeat(64), "pw".toCharArray());
        assertThatThrownBy(() -> store.add("bob", new char[0])).hasMessageContaining("empty");
    }

    @Test
    void refusesGroupOrWorldReadableFile() throws Exception {
        AccountStore store = store();
        store.add("alice", "pw".toCharArray());
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(this::store).isInstanceOf(AccountStoreException.class)
                .hasMessageContaining("group or others").hasMessageContaining("chmod 600");
        assertThat(store.verify("alice", "pw".toCharArray())).as("running store fails closed").isFalse();
    }

    @Test
    void picksUpChangesMadeByAnotherProcess() throws Exception {
        AccountStore server = store();
        AccountStore cli = store();
        cli.add("alice", "first".toCharArray());
        assertThat(server.verify("alice", "first".toCharArray())).isTrue();
        cli.setPassword("alice", "second".toCharArray());
        assertThat(server.verify("alice", "first".toCharArray())).isFalse();
        assertThat(server.verify("alice", "second".toCharArray())).isTrue();
        cli.remove("alice");
        assertThat(server.verify("alice", "second".toCharArray())).isFalse();
        assertThat(server.list()).isEmpty();
    }

    @Test
    void cachesOnlySuccessesUntilTtlExpires() throws Exception {
        AccountStore store = store();
        store.add("alice", "pw".toCharArray());
        store.verify("alice", "nope".toCharArray());
        assertThat(store.cachedCredentials()).isZero();
        assertThat(store.verify("alice", "pw".toCharArray())).isTrue();
        assertThat(store.cachedCredentials()).isEqualTo(1);
        assertThat(store.verify("alice", "pw".toCharArray())).isTrue();
        assertThat(store.verify("alice", "pw2".toCharArray())).isFalse();
        clock.addAndGet(Duration.ofMinutes(6).toNanos());
        assertThat(store.verify("alice", "pw".toCharArray())).isTrue();
        assertThat(store.cachedCredentials()).isEqualTo(1);
    }

    @Test
    void cacheIsBounded() throws Exception {
        AccountStore store = store();
        for (int i = 0; i < 20; i++) {
            store.add("u" + i, "pw".toCharArray());
        }
        for (int i = 0; i < 20; i++) {
            assertThat(store.verify("u" + i, "pw".toCharArray())).isTrue();
        }
        assertThat(store.cachedCredentials()).isEqualTo(16);
    }

    @Test
    void keepsUnknownFieldsAndReadsGroups() throws Exception {
        AccountStore store = store();
        store.add("alice", "pw".toCharArray());
        Path file = store.file();
        String line = Files.readAllLines(file).stream().filter(l -> l.startsWith("user alice")).findFirst().orElseThrow();
        Files.writeString(file, "openwinrm-accounts 1\n" + line + " groups=admins,ops future=42\n");
        AccountStore again = store();
        assertThat(again.account("alice").orElseThrow().groups()).containsExactly("admins", "ops");
        again.setPassword("alice", "pw2".toCharArray());
        assertThat(Files.readString(file)).contains("groups=admins,ops").contains("future=42");
    }

    @Test
    void refusesMalformedAndNewerFiles() throws Exception {
        Path file = dir.resolve("accounts");
        Files.writeString(file, "openwinrm-accounts 2\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(this::store).hasMessageContaining("unsupported account file version 2");
        Files.writeString(file, "openwinrm-accounts 1\nuser alice nthash=00\n");
        assertThatThrownBy(this::store).hasMessageContaining("line 2").hasMessageContaining("no password");
        Files.writeString(file, "openwinrm-accounts 1\nuser alice password=x\nuser alice password=y\n");
        assertThatThrownBy(this::store).hasMessageContaining("line 2");
    }

    @Test
    void badReloadFailsClosedAndRecovers() throws Exception {
        AccountStore store = store();
        store.add("alice", "pw".toCharArray());
        assertThat(store.verify("alice", "pw".toCharArray())).isTrue();
        String good = Files.readString(store.file());
        Files.writeString(store.file(), "garbage\n");
        assertThat(store.verify("alice", "pw".toCharArray())).isFalse();
        Files.writeString(store.file(), good);
        Files.setLastModifiedTime(store.file(), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(store.verify("alice", "pw".toCharArray())).isTrue();
    }

    @Test
    void authenticatorDelegatesToStore() throws Exception {
        AccountStore store = store();
        store.add("alice", "pw".toCharArray());
        var auth = new AccountStorePasswordAuthenticator(store);
        assertThat(auth.authenticate("alice", "pw".toCharArray(), null)).isTrue();
        assertThat(auth.authenticate("alice", "px".toCharArray(), null)).isFalse();
    }
}
