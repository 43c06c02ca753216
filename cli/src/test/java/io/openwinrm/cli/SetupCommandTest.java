package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.transport.tls.SelfSignedCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code openwinrm enable / disable / config check} into a temporary root (no live system change). */
@Timeout(60)
class SetupCommandTest {

    @TempDir
    Path root;

    private Path home() {
        return root.resolve("etc/openwinrm");
    }

    private static CliTest.Run run(String... args) {
        return CliTest.run(null, args);
    }

    private static List<String> lines(String out) {
        return Arrays.stream(out.split("\n")).filter(l -> !l.isBlank()).toList();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void dryRunPrintsEveryChangeAndWritesNothing() throws Exception {
        CliTest.Run r = run("enable", "--root", root.toString(), "--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("dry run: nothing is changed")
                .contains("created  " + home() + "/openwinrm.toml")
                .contains("    ipv4_filter = \"127.0.0.0/8")
                .contains("created  " + root.resolve("etc/systemd/system/openwinrm.service"))
                .contains("    Restart=on-failure")
                .contains("created  " + home().resolve("openwinrm.nft"))
                .contains("    table inet openwinrm {")
                .contains("skipped (--root: no live system changes)  group winrm-remote-management")
                .contains("would be made");
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void realRunWritesEverythingAndSecondRunChangesNothing() throws Exception {
        CliTest.Run first = run("enable", "--root", root.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(lines(first.out())).anyMatch(l -> l.startsWith("created  " + home() + "/openwinrm.toml"))
                .last().asString().endsWith("changes made");
        assertThat(mode(home())).isEqualTo("rwx------");
        assertThat(mode(home().resolve("accounts"))).isEqualTo("rw-------");
        assertThat(mode(home().resolve("tls/server.key"))).isEqualTo("rw-------");
        assertThat(home().resolve("tls/server.crt")).exists();
        String config = Files.readString(home().resolve("openwinrm.toml"));
        assertThat(config).contains("managed by openwinrm enable").contains("ipv4_filter = \"127.0.0.0/8")
                .contains("ipv6_filter = \"::1/128").contains("port = 5986").contains("port = 5985");
        assertThat(Files.readString(root.resolve("etc/pam.d/openwinrm"))).contains("managed by openwinrm enable")
                .contains("@include common-auth\n").contains("@include common-account\n");
        String unit = Files.readString(root.resolve("etc/systemd/system/openwinrm.service"));
        assertThat(unit).contains("managed by openwinrm enable").contains("Restart=on-failure")
                .containsPattern("ExecStart=\\S*java\\S* .* serve --home /etc/openwinrm\n");
        String nft = Files.readString(home().resolve("openwinrm.nft"));
        assertThat(nft).contains("table inet openwinrm {").contains("ip saddr { 127.0.0.0/8")
                .contains("tcp dport { 5985, 5986 } drop");

        CliTest.Run second = run("enable", "--root", root.toString());
        assertThat(second.exit()).isZero();
        List<String> lines = lines(second.out());
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> l.startsWith("unchanged  ")
                || l.startsWith("skipped ("), "unchanged or skipped");
        assertThat(lines).last().isEqualTo("no changes");

        CliTest.Run check = run("config", "check", "--home", home().toString());
        assertThat(check.out()).as(check.err()).contains("configuration OK");
        assertThat(check.exit()).isZero();
    }

    @Test
    void managedFileIsRewrittenAndUnmanagedOneKept() throws Exception {
        assertThat(run("enable", "--root", root.toString()).exit()).isZero();
        Path config = home().resolve("openwinrm.toml");
        Files.writeString(config, Files.readString(config).replace("port = 5985", "port = 5999"));
        CliTest.Run dry = run("enable", "--root", root.toString(), "--dry-run");
        assertThat(dry.out()).contains("changed  " + config).contains("    - port = 5999").contains("    + port = 5985");
        assertThat(Files.readString(config)).contains("port = 5999");
        assertThat(run("enable", "--root", root.toString()).out()).contains("changed  " + config);
        assertThat(Files.readString(config)).doesNotContain("5999");

        Files.writeString(config, "# my own\n[service]\nmax_timeout_ms = 30000\n");
        CliTest.Run kept = run("enable", "--root", root.toString());
        assertThat(kept.out()).contains("skipped (kept: not managed by openwinrm)  " + config);
        assertThat(Files.readString(config)).isEqualTo("# my own\n[service]\nmax_timeout_ms = 30000\n");
    }

    @Test
    void allNetworksOpensFilterAndFirewall() throws Exception {
        assertThat(run("enable", "--root", root.toString(), "--all-networks", "--no-systemd").exit()).isZero();
        assertThat(Files.readString(home().resolve("openwinrm.toml"))).contains("ipv4_filter = \"*\"")
                .contains("ipv6_filter = \"*\"");
        assertThat(Files.readString(home().resolve("openwinrm.nft")))
                .contains("tcp dport { 5985, 5986 } accept").doesNotContain("drop");
        assertThat(root.resolve("etc/systemd/system/openwinrm.service")).doesNotExist();
        // a private network is not limited either, and switching back to public rewrites the filter
        assertThat(run("enable", "--root", root.toString(), "--network-profile", "private", "--no-systemd").out())
                .endsWith("no changes\n");
        assertThat(run("enable", "--root", root.toString(), "--no-systemd").out())
                .contains("changed  " + home().resolve("openwinrm.toml"));
    }

    @Test
    void suppliedCertificateIsInstalled() throws Exception {
        Path src = Files.createDirectories(root.resolve("src"));
        SelfSignedCertificates.CertificateAndKey ck = SelfSignedCertificates.generate("winrm.example");
        ck.write(src.resolve("c.pem"), src.resolve("k.pem"));
        Path r = root.resolve("r");
        assertThat(run("enable", "--root", r.toString(), "--certificate", src.resolve("c.pem").toString(),
                "--private-key", src.resolve("k.pem").toString()).exit()).isZero();
        Path installed = r.resolve("etc/openwinrm/tls/server.crt");
        assertThat(Files.readString(installed)).isEqualTo(Files.readString(src.resolve("c.pem")));
        assertThat(run("enable", "--root", r.toString(), "--certificate", src.resolve("c.pem").toString(),
                "--private-key", src.resolve("k.pem").toString()).out()).endsWith("no changes\n");

        SelfSignedCertificates.generate("other").write(src.resolve("c2.pem"), src.resolve("k2.pem"));
        CliTest.Run mismatch = run("enable", "--root", r.toString(), "--certificate", src.resolve("c.pem").toString(),
                "--private-key", src.resolve("k2.pem").toString());
        assertThat(mismatch.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(lines(mismatch.err())).singleElement().asString().contains("does not match");
        CliTest.Run half = run("enable", "--root", r.toString(), "--certificate", src.resolve("c.pem").toString());
        assertThat(half.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(lines(half.err())).singleElement().asString().contains("go together");
    }

    @Test
    void disableRemovesUnitAndFirewallButKeepsStateUnlessPurged() throws Exception {
        assertThat(run("enable", "--root", root.toString()).exit()).isZero();
        Path unit = root.resolve("etc/systemd/system/openwinrm.service");
        Path nft = home().resolve("openwinrm.nft");
        CliTest.Run dry = run("disable", "--root", root.toString(), "--dry-run");
        assertThat(dry.out()).contains("removed  " + unit).contains("removed  " + nft);
        assertThat(unit).exists();

        CliTest.Run off = run("disable", "--root", root.toString());
        assertThat(off.exit()).isZero();
        assertThat(off.out()).contains("removed  " + unit).contains("removed  " + nft);
        assertThat(unit).doesNotExist();
        assertThat(nft).doesNotExist();
        assertThat(home().resolve("openwinrm.toml")).exists();
        assertThat(home().resolve("accounts")).exists();
        assertThat(run("disable", "--root", root.toString()).out()).endsWith("no changes\n");

        CliTest.Run purge = run("disable", "--root", root.toString(), "--purge");
        assertThat(purge.exit()).isZero();
        assertThat(home()).doesNotExist();
    }

    @Test
    void disableKeepsAUnitItDidNotWrite() throws Exception {
        Path unit = root.resolve("etc/systemd/system/openwinrm.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Service]\nExecStart=/bin/true\n");
        CliTest.Run off = run("disable", "--root", root.toString());
        assertThat(off.out()).contains("skipped (kept: not managed by openwinrm)  " + unit);
        assertThat(unit).exists();
    }

    @Test
    void configCheckReportsEachProblemOnItsOwnLine() throws Exception {
        assertThat(run("enable", "--root", root.toString()).exit()).isZero();
        Path config = home().resolve("openwinrm.toml");
        Files.setPosixFilePermissions(home().resolve("accounts"), PosixFilePermissions.fromString("rw-r--r--"));
        SelfSignedCertificates.generate("other").write(root.resolve("c.pem"), home().resolve("tls/server.key"));
        CliTest.Run bad = run("config", "check", "--home", home().toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(lines(bad.err())).hasSize(2)
                .anyMatch(l -> l.contains("does not match the certificate"))
                .anyMatch(l -> l.contains("accounts") && l.contains("chmod 600"));
        assertThat(bad.out()).doesNotContain("configuration OK");

        Files.writeString(config, Files.readString(config).replace("ipv4_filter = \"", "ipv4_filter = \"10.0.0.300, "));
        CliTest.Run syntax = run("config", "check", "--home", home().toString(), "--config", config.toString());
        assertThat(syntax.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(lines(syntax.err())).singleElement().asString().contains("service.ipv4_filter")
                .contains("10.0.0.300");

        Files.writeString(config, "[listener]\nport = 1\n");
        assertThat(run("config", "check", "--config", config.toString(), "--home", home().toString()).exit())
                .isEqualTo(ExitCodes.CONFIG);
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : List.of(new String[] {"enable", "--help"}, new String[] {"disable", "--help"},
                new String[] {"config", "check", "--help"})) {
            CliTest.Run r = run(args);
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Usage: openwinrm " + args[0]);
        }
        assertThat(run("enable", "--help").out()).contains("--all-networks").contains("--network-profile")
                .contains("--dry-run").contains("--root");
    }
}
