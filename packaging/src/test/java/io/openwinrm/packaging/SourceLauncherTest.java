package io.openwinrm.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.common.ProductInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The source checkout's {@code bin/openwinrm} after {@code mvn package}: the class-data sharing archive the cli build
 * dumped (cli/src/launcher/cds-archive.sh) matches the jar and this Java, so the launcher's start-up uses it.
 * {@code -Xshare:on} (after the launcher's own {@code -Xshare:auto}) makes the JVM refuse to start unless it maps the
 * archive. Runs after {@code package} (the deb-package execution), when the jar and the archive exist.
 */
class SourceLauncherTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void binOpenwinrmMapsTheArchiveTheBuildDumped() {
        assertThat(ROOT.resolve("cli/target/openwinrm.jsa"))
                .as("dumped by the cli build (skipped only with -Dopenwinrm.cds.skip)").isRegularFile();
        assertThat(ROOT.resolve("cli/target/openwinrm.classlist")).isRegularFile();
        String java = Path.of(System.getProperty("java.home")).toString();
        Commands.Result r = Commands.run(List.of(ROOT.resolve("bin/openwinrm").toString(), "version"),
                Map.of("JAVA_HOME", java, "OPENWINRM_JAVA_OPTS", "-Xshare:on"), 120);
        assertThat(r.expectOk()).contains(ProductInfo.PRODUCT).contains(ProductInfo.version());
    }

    @Test
    void aStaleArchiveIsIgnoredWithoutAWord() throws Exception {
        // another jar than the one the archive was dumped for (a copy: different path and time): the JVM falls back
        // to loading classes, and prints nothing about it on stdout or stderr
        Path copy = Files.createTempFile("openwinrm-copy", ".jar");
        try {
            Files.copy(ROOT.resolve("cli/target/openwinrm.jar"), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Commands.Result r = Commands.run(List.of(java, "-Xshare:auto",
                    "-XX:SharedArchiveFile=" + ROOT.resolve("cli/target/openwinrm.jsa"), "-jar", copy.toString(),
                    "--version"), Map.of(), 120);
            assertThat(r.expectOk().strip()).isEqualTo(ProductInfo.PRODUCT + " " + ProductInfo.version());
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
