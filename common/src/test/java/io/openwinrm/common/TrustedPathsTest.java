package io.openwinrm.common;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Judged on real directories under the user's home: /tmp (mode 1777) would itself be refused, which is the point.
 */
class TrustedPathsTest {

    private Path base;

    private int me() throws IOException {
        return (Integer) Files.getAttribute(Path.of(System.getProperty("user.home")), "unix:uid");
    }

    private Path privateBase() throws IOException {
        base = Files.createTempDirectory(Path.of(System.getProperty("user.home")), "trusted-paths-test-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        TrustedPaths.check(base, TrustedPaths.rootAnd(me()), false);
        return base;
    }

    @AfterEach
    void deleteBase() throws IOException {
        if (base != null) {
            try (Stream<Path> s = Files.walk(base)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void aTempDirectoryIsNeverTrusted() {
        assertThatThrownBy(() -> TrustedPaths.check(Path.of("/tmp/anything"), Set.of(0), true))
                .hasMessageContaining("/tmp is writable by everyone");
    }

    @Test
    void aWorldWritableAncestorIsRefusedWithItsName() throws Exception {
        Path base = privateBase();
        Path open = base.resolve("open");
        Files.createDirectory(open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = open.resolve("inner");
        Files.createDirectory(file);
        assertThatThrownBy(() -> TrustedPaths.check(file, TrustedPaths.rootAnd(me()), false))
                .hasMessageContaining("is writable by");
    }

    @Test
    void aGroupWritableDirectoryIsRefused() throws Exception {
        Path dir = privateBase().resolve("group");
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> TrustedPaths.check(dir, TrustedPaths.rootAnd(me()), false))
                .hasMessageContaining(dir + " is writable by its group (mode 770)");
    }

    @Test
    void anUntrustedOwnerIsRefused() throws Exception {
        Path dir = privateBase();
        assertThatThrownBy(() -> TrustedPaths.check(Path.of("/proc/1"), Set.of(12345), false))
                .hasMessageContaining("belongs to uid");
        assertThatThrownBy(() -> TrustedPaths.check(dir, Set.of(-1), false)).hasMessageContaining("belongs to uid");
    }

    @Test
    void aLinkIsJudgedByWhereItLeads() throws Exception {
        Path base = privateBase();
        Path open = base.resolve("open");
        Files.createDirectory(open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path link = base.resolve("link");
        Files.createSymbolicLink(link, open);
        assertThatThrownBy(() -> TrustedPaths.check(link, TrustedPaths.rootAnd(me()), false))
                .hasMessageContaining(open + " is writable by everyone");
    }

    @Test
    void aMissingTailIsJudgedByItsAncestorsOnlyWhenAllowed() throws Exception {
        Path missing = privateBase().resolve("a/b");
        assertThatThrownBy(() -> TrustedPaths.check(missing, TrustedPaths.rootAnd(me()), false))
                .isInstanceOf(NoSuchFileException.class);
        assertThatCode(() -> TrustedPaths.check(Path.of("/usr/bin/env"), Set.of(0), false))
                .doesNotThrowAnyException();
    }
}
