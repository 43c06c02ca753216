package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.auth.spi.DelegatedCredentials;
import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.command.SandboxSpec;
import io.openwinrm.server.command.ShellCredentials;
import io.openwinrm.server.identity.OsIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delegated credentials in a shell (issue 11, second hop), as root: the cache is the account's alone (0600) in a
 * directory only root writes (0711), never written through a link planted under its name, refused in a directory
 * root does not own, named in every command's {@code KRB5CCNAME} over whatever the client asked for, and removed with
 * the shell or, after a crash, at the next start.
 */
class CredentialCachesTest {

    private static final OsIdentity NOBODY = new OsIdentity("nobody", 65534, 65534, List.of(65534),
            List.of("nogroup"), Path.of("/nonexistent"), Path.of("/usr/sbin/nologin"));
    private static final byte[] CACHE = "\u0005\u0004 a credential cache".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path root;

    private CredentialCaches caches;

    @BeforeEach
    void rootOnly() {
        assumeTrue(LibC.INSTANCE.geteuid() == 0, "needs root: gives files to another account");
        caches = CredentialCaches.at(root.resolve("run").resolve("ccache-test"));
    }

    private static ShellCredentials credentials() {
        return new ShellCredentials(NOBODY, new DelegatedCredentials("nobody@TEST", Instant.now().plusSeconds(600),
                CACHE));
    }

    @Test
    void theCacheIsTheAccountsAloneInADirectoryOnlyRootWrites() throws Exception {
        Path file = caches.write("shell-1", credentials());
        assertThat(file.getParent()).isEqualTo(caches.directory());
        assertThat(Files.readAllBytes(file)).isEqualTo(CACHE);
        assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(65534);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(caches.directory())))
                .isEqualTo("rwx--x--x");
        assertThat(Files.getAttribute(caches.directory(), "unix:uid")).isEqualTo(0);
        caches.remove(file);
        assertThat(file).doesNotExist();
    }

    @Test
    void aLinkPlantedUnderTheCachesNameIsNeverFollowed() throws Exception {
        Files.createDirectories(caches.directory());
        Path target = root.resolve("victim");
        Files.writeString(target, "untouched");
        Files.createSymbolicLink(caches.directory().resolve("krb5cc_shell-2"), target);
        assertThatThrownBy(() -> caches.write("shell-2", credentials())).isInstanceOf(IOException.class);
        assertThat(Files.readString(target)).isEqualTo("untouched");
        assertThat(Files.getAttribute(target, "unix:uid")).isEqualTo(0);
    }

    @Test
    void aDirectoryRootDoesNotOwnIsRefused() throws Exception {
        Files.createDirectories(caches.directory());
        LibC.INSTANCE.chown(caches.directory().toString(), 65534, 65534);
        assertThatThrownBy(() -> caches.write("shell-3", credentials())).isInstanceOf(IOException.class)
                .hasMessageContaining("not a directory owned by root");
        Files.delete(caches.directory());
        Files.createSymbolicLink(caches.directory(), root);
        assertThatThrownBy(() -> caches.write("shell-3", credentials())).isInstanceOf(IOException.class);
        assertThat(root.resolve("krb5cc_shell-3")).doesNotExist();
    }

    @Test
    void aHostileShellNameIsRefused() {
        for (String name : List.of("../../etc/cron.d/x", "", "a/b", "x".repeat(101))) {
            assertThatThrownBy(() -> caches.write(name, credentials())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void whatACrashedServerLeftIsRemovedAtStart() throws Exception {
        Path a = caches.write("shell-4", credentials());
        Path b = caches.write("shell-5", credentials());
        assertThat(caches.removeStale()).containsExactlyInAnyOrder("krb5cc_shell-4", "krb5cc_shell-5");
        assertThat(a).doesNotExist();
        assertThat(b).doesNotExist();
        assertThat(caches.directory()).isDirectory();
    }

    @Test
    void theSandboxNamesItsCacheOverTheClientsAndRemovesItWhenClosed() throws Exception {
        SandboxSpec spec = new SandboxSpec("shell-6", ResourceLimits.NONE, false, false, false,
                Optional.of(credentials()));
        Path file;
        try (LinuxSandbox sandbox = LinuxSandbox.create(ServerInstance.DEFAULT, spec, false, caches)) {
            String name = sandbox.environment().get("KRB5CCNAME");
            assertThat(name).startsWith("FILE:");
            file = Path.of(name.substring("FILE:".length()));
            assertThat(Files.readAllBytes(file)).isEqualTo(CACHE);
            LaunchSpec launch = new LaunchSpec(List.of("/usr/bin/klist"), Path.of("/"),
                    Map.of("KRB5CCNAME", "FILE:/home/victim/krb5cc"), Optional.of(NOBODY), sandbox, false);
            LaunchChain chain = new LaunchChain(Path.of("/usr/bin/setsid"), LaunchChain.DEFAULT_SETPRIV, List.of(),
                    true);
            List<String> argv = chain.command(launch, Optional.of(NOBODY), List.of("/usr/bin/klist"), Map.of())
                    .argv();
            assertThat(argv).contains("KRB5CCNAME=" + name).doesNotContain("KRB5CCNAME=FILE:/home/victim/krb5cc");
        }
        assertThat(Files.exists(file, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
}
