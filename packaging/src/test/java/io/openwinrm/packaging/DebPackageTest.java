package io.openwinrm.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.cli.setup.PamService;
import io.openwinrm.cli.setup.SystemdUnit;
import io.openwinrm.common.ProductInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code openwinrm_VERSION_all.deb} on this machine, as an administrator uses it: lintian finds no error;
 * {@code apt-get install ./openwinrm_...deb} installs it and changes no configuration; the installed
 * {@code /usr/bin/openwinrm} runs {@code version} and {@code enable --dry-run}; the man pages render and the bash and
 * zsh completion load; removing the package disables a service {@code enable} had set up (its unit kept), purging it
 * deletes /etc/openwinrm and the unit and leaves none of the package's files.
 *
 * <p>Runs after {@code package} (Maven's integration-test phase; bin/run-tests' {@code mvn install} gets there). Needs
 * root, dpkg, apt-get, lintian and man: without them it is skipped, or fails under {@code OPENWINRM_INTEROP_REQUIRED=1}
 * (bin/run-tests installs them). Anything of an earlier OpenWinRM found in /etc (root's client settings in
 * /etc/openwinrm, a unit or PAM file from a source-tree {@code enable}, the nftables table) is put back afterwards.
 */
class DebPackageTest {

    private static final String PACKAGE = "openwinrm";
    private static final Path STATE = Path.of("/etc/openwinrm");
    private static final Path UNIT = SystemdUnit.PATH;
    private static final Path WANTS = Path.of("/etc/systemd/system/multi-user.target.wants", SystemdUnit.NAME);
    private static final Path CDS_ARCHIVE = Path.of("/var/cache/openwinrm/openwinrm.jsa");
    private static final Map<String, String> APT_ENV = Map.of("DEBIAN_FRONTEND", "noninteractive",
            "LC_ALL", "C.UTF-8");

    /** Skips, or fails when the test machine must have everything (OPENWINRM_INTEROP_REQUIRED=1). */
    private static void require(boolean condition, String what) {
        if (condition) {
            return;
        }
        if ("1".equals(System.getenv("OPENWINRM_INTEROP_REQUIRED"))) {
            Assertions.fail(what + "; OPENWINRM_INTEROP_REQUIRED=1 makes this a failure");
        }
        Assumptions.abort(what);
    }

    @Test
    void installRunPurge(@TempDir Path backup) throws Exception {
        String dir = System.getProperty("openwinrm.deb.dir");
        Assumptions.assumeTrue(dir != null, "runs in the deb-package execution, after 'package'");
        require(System.getProperty("os.name").equals("Linux") && io.openwinrm.common.ProcessUser.isRoot(),
                "installing the package needs root on Linux");
        for (String tool : List.of("dpkg", "dpkg-deb", "apt-get", "lintian", "man", "bash")) {
            require(Commands.exists(tool), tool + " is not installed (bin/run-tests installs it)");
        }
        Path deb;
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            List<Path> debs = s.filter(p -> p.getFileName().toString().matches("openwinrm_.+_all\\.deb")).toList();
            assertThat(debs).as("exactly one package in " + dir).hasSize(1);
            deb = debs.get(0).toAbsolutePath();
        }
        require(!installed(), PACKAGE + " is already installed on this machine; this test would replace and purge "
                + "it (apt-get purge openwinrm first)");

        String version = Commands.run(List.of("dpkg-deb", "-f", deb.toString(), "Version")).expectOk().strip();
        assertThat(deb.getFileName().toString()).isEqualTo("openwinrm_" + version + "_all.deb");
        assertThat(version).isEqualTo(DebianVersion.of(ProductInfo.version()));
        checkControl(deb);
        lintian(deb);

        Saved saved = Saved.take(backup);
        try {
            installAndUse(deb, version, saved);
        } finally {
            if (installed() || configFilesLeft()) {
                Commands.run(List.of("apt-get", "purge", "-y", "-q", "-o", "DPkg::Lock::Timeout=600", PACKAGE),
                        APT_ENV, 600);
            }
            saved.restore();
        }
    }

    private void installAndUse(Path deb, String version, Saved saved) throws Exception {
        Set<Path> before = etcFiles();
        apt("install", "--no-install-recommends", deb.toString());
        assertThat(installed()).isTrue();
        List<Path> owned = Commands.run(List.of("dpkg", "-L", PACKAGE)).expectOk().lines()
                .filter(l -> l.startsWith("/") && !l.equals("/.")).map(Path::of).toList();
        assertThat(owned).contains(Path.of("/usr/bin/openwinrm"), Path.of("/usr/share/openwinrm/openwinrm.jar"),
                Path.of("/usr/share/man/man1/openwinrm.1.gz"), Path.of("/usr/share/man/man1/openwinrm-enable.1.gz"),
                Path.of("/usr/share/bash-completion/completions/openwinrm"),
                Path.of("/usr/share/zsh/vendor-completions/_openwinrm"), Path.of("/usr/share/doc/openwinrm/copyright"),
                Path.of("/usr/share/doc/openwinrm/changelog.gz"), PamService.PATH,
                Path.of("/usr/share/openwinrm/jvm-options.sh"), Path.of("/usr/share/openwinrm/openwinrm.classlist"));
        // postinst dumped the class-data sharing archive for the installed jar and Java: -Xshare:on makes the JVM
        // refuse to start unless it maps that archive (the launcher passes -Xshare:auto, which would fall back)
        assertThat(CDS_ARCHIVE).isRegularFile();
        // every user's launcher (root's `serve` too) maps it into its JVM: root's, and writable by no one else
        for (Path p : List.of(CDS_ARCHIVE, CDS_ARCHIVE.getParent(), Path.of(CDS_ARCHIVE + ".stamp"))) {
            assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("owner of " + p).isEqualTo(0);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)))
                    .as("mode of " + p).doesNotContainPattern("^.{4}w|^.{7}w");
        }
        assertThat(Commands.run(List.of("/usr/bin/openwinrm", "version"), Map.of("OPENWINRM_JAVA_OPTS", "-Xshare:on"),
                120).expectOk()).contains("OpenWinRM");

        // installing configures nothing: no state directory, no unit, nothing new in /etc but the PAM file
        Set<Path> added = new TreeSet<>(etcFiles());
        added.removeAll(before);
        assertThat(added).isSubsetOf(Set.of(PamService.PATH));
        assertThat(Files.readString(PamService.PATH, StandardCharsets.UTF_8)).isEqualTo(PamService.render());
        if (!saved.had(STATE)) {
            assertThat(STATE).doesNotExist();
        }
        if (!saved.had(UNIT)) {
            assertThat(UNIT).doesNotExist();
        }

        // the installed command
        String out = openwinrm("version");
        assertThat(out).contains("OpenWinRM").contains(ProductInfo.version()).contains("JavaVersion");
        assertThat(openwinrm("--version").strip()).isEqualTo(ProductInfo.PRODUCT + " " + ProductInfo.version());
        Set<Path> beforeDryRun = etcFiles();
        String dry = openwinrm("enable", "--dry-run");
        assertThat(dry).contains("dry run").contains("/etc/openwinrm/openwinrm.toml")
                .contains("/etc/pam.d/openwinrm")
                // the service enable would set up runs the packaged jar (root-owned, so enable trusts it)
                .contains("-jar /usr/share/openwinrm/openwinrm.jar serve --home /etc/openwinrm");
        assertThat(etcFiles()).as("enable --dry-run changes nothing").isEqualTo(beforeDryRun);

        // man pages: in man's path, and each renders
        assertThat(Commands.run(List.of("man", "-w", "openwinrm-invoke")).expectOk().strip())
                .isEqualTo("/usr/share/man/man1/openwinrm-invoke.1.gz");
        for (Path page : owned) {
            if (page.startsWith("/usr/share/man/man1") && Files.isRegularFile(page)) {
                String text = Commands.run(List.of("man", "--warnings", "-l", page.toString()),
                        Map.of("MANWIDTH", "80", "MANPAGER", "cat", "LC_ALL", "C.UTF-8"), 60).expectOk();
                String name = page.getFileName().toString().replace(".1.gz", "");
                assertThat(text).as(page.toString()).contains("NAME").contains(name + " - ").contains("SYNOPSIS")
                        .doesNotContain("warning:");
            }
        }

        // completion
        Path bash = Path.of("/usr/share/bash-completion/completions/openwinrm");
        assertThat(PackageFilesTest.complete(bash, "openwinrm ena")).containsExactly("enable");
        assertThat(PackageFilesTest.complete(bash, "openwinrm enable --")).contains("--dry-run", "--root", "--home");
        zsh();

        // remove: a service 'enable' set up (a unit with its marker, enabled) is disabled, its unit and the
        // configuration stay until purge
        Files.createDirectories(STATE);
        Files.writeString(STATE.resolve("openwinrm.toml"), "# managed by openwinrm enable\n");
        Files.writeString(UNIT, SystemdUnit.render("/usr/bin/java -jar /usr/share/openwinrm/openwinrm.jar serve"));
        boolean systemctl = Commands.exists("systemctl");
        if (systemctl) {
            Commands.run(List.of("systemctl", "enable", SystemdUnit.NAME)).expectOk();
        } else {
            Files.createDirectories(WANTS.getParent());
            Files.createSymbolicLink(WANTS, UNIT);
        }
        assertThat(Files.exists(WANTS, LinkOption.NOFOLLOW_LINKS)).isTrue();
        apt("remove", PACKAGE);
        assertThat(installed()).isFalse();
        assertThat(Files.exists(WANTS, LinkOption.NOFOLLOW_LINKS)).as("service disabled on removal").isFalse();
        assertThat(UNIT).exists();
        assertThat(STATE.resolve("openwinrm.toml")).exists();
        assertThat(PamService.PATH).as("a removed package keeps its conffiles").exists();
        assertThat(Path.of("/usr/bin/openwinrm")).doesNotExist();
        assertThat(CDS_ARCHIVE.getParent()).as("removal deletes the archive postinst made").doesNotExist();

        // purge: nothing of the package, of /etc/openwinrm or of the unit is left
        apt("purge", PACKAGE);
        assertThat(configFilesLeft()).isFalse();
        assertThat(STATE).doesNotExist();
        assertThat(UNIT).doesNotExist();
        List<String> left = new ArrayList<>();
        for (Path p : owned) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            boolean sharedDirectory = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    && (saved.existedBefore(p) || Commands.run(List.of("dpkg", "-S", p.toString())).ok());
            if (!sharedDirectory) {
                left.add(p.toString());
            }
        }
        assertThat(left).as("left behind by apt-get purge").isEmpty();
    }

    /** Control fields: dependencies on a Java 17+ runtime, util-linux and PAM; the PAM file is a conffile. */
    private static void checkControl(Path deb) {
        String depends = Commands.run(List.of("dpkg-deb", "-f", deb.toString(), "Depends")).expectOk();
        assertThat(depends).contains("default-jre-headless (>= 2:1.17)").contains("java-runtime-headless (>= 17)")
                .contains("util-linux").contains("libpam0g");
        assertThat(Commands.run(List.of("dpkg-deb", "-f", deb.toString(), "Architecture")).expectOk().strip())
                .isEqualTo("all");
        String conffiles = Commands.run(List.of("sh", "-c", "dpkg-deb --ctrl-tarfile \"$1\" | tar -xOf - ./conffiles",
                "conffiles", deb.toString())).expectOk();
        assertThat(conffiles.lines().toList()).containsExactly(PamService.PATH.toString());
    }

    /** lintian: no error (warnings are printed, and allowed). */
    private static void lintian(Path deb) {
        Commands.Result r = Commands.run(List.of("lintian", "--fail-on", "error", "--tag-display-limit", "0",
                "--show-overrides", deb.toString()), Map.of("LC_ALL", "C.UTF-8"), 600);
        System.out.println("lintian " + deb.getFileName() + " (exit " + r.exitCode() + "):\n" + r.output());
        assertThat(r.output().lines().filter(l -> l.startsWith("E: ")).toList()).as("lintian errors").isEmpty();
        r.expectOk();
    }

    /** zsh's compinit finds _openwinrm for openwinrm, and the function it autoloads is the bash completion. */
    private static void zsh() {
        require(Commands.exists("zsh"), "zsh is not installed (bin/run-tests installs it)");
        String script = "fpath=(/usr/share/zsh/vendor-completions $fpath)\n"
                + "autoload -U compinit && compinit -u -d \"$1\" || exit 9\n"
                + "print -r -- \"comps=$_comps[openwinrm]\"\n"
                + "autoload -U +X _openwinrm || exit 8\n"
                + "whence -f _openwinrm | grep -c _complete_openwinrm\n";
        Path dump = Path.of(System.getProperty("java.io.tmpdir"), "openwinrm-zcompdump-" + ProcessHandle.current().pid());
        try {
            String out = Commands.run(List.of("zsh", "-f", "-c", script, "zsh-test", dump.toString())).expectOk();
            assertThat(out).contains("comps=_openwinrm");
            assertThat(Integer.parseInt(out.lines().reduce((a, b) -> b).orElse("0").strip())).isPositive();
        } finally {
            try {
                Files.deleteIfExists(dump);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    private static String openwinrm(String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/openwinrm"));
        argv.addAll(List.of(args));
        return Commands.run(argv, Map.of(), 120).expectOk();
    }

    private static void apt(String... args) {
        List<String> argv = new ArrayList<>(List.of("apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=600"));
        argv.addAll(List.of(args));
        Commands.run(argv, APT_ENV, 900).expectOk();
    }

    private static boolean installed() {
        Commands.Result r = Commands.run(List.of("dpkg-query", "-W", "-f", "${Status}", PACKAGE));
        return r.ok() && r.output().contains("install ok installed");
    }

    private static boolean configFilesLeft() {
        Commands.Result r = Commands.run(List.of("dpkg-query", "-W", "-f", "${Status}", PACKAGE));
        return r.ok() && r.output().contains("config-files");
    }

    /** Every file and directory below /etc that could be OpenWinRM's (for "installing changes nothing"). */
    private static Set<Path> etcFiles() throws IOException {
        Set<Path> result = new TreeSet<>();
        for (Path p : List.of(STATE, UNIT, WANTS, PamService.PATH)) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> s = Files.walk(p)) {
                        s.forEach(result::add);
                    }
                } else {
                    result.add(p);
                }
            }
        }
        return result;
    }

    /**
     * What an earlier OpenWinRM left on this machine and the purge would delete: copied aside before the test and put
     * back after it. Also notes which of the package's directories existed before (they may stay after the purge).
     */
    private static final class Saved {
        private final Path backup;
        private final Map<Path, Path> copies = new LinkedHashMap<>();
        private final Set<Path> existingDirs = new TreeSet<>();
        private String nftTable;

        private Saved(Path backup) {
            this.backup = backup;
        }

        static Saved take(Path backup) throws IOException {
            Saved s = new Saved(backup);
            int i = 0;
            for (Path p : List.of(STATE, UNIT, PamService.PATH)) {
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    Path copy = backup.resolve(Integer.toString(i++));
                    Commands.run(List.of("cp", "-a", p.toString(), copy.toString())).expectOk();
                    s.copies.put(p, copy);
                }
            }
            if (Commands.exists("nft")) {
                Commands.Result r = Commands.run(List.of("nft", "list", "table", "inet", "openwinrm"));
                s.nftTable = r.ok() ? r.output() : null;
            }
            for (String d : List.of("/usr", "/usr/bin", "/usr/share", "/usr/share/openwinrm", "/usr/share/doc",
                    "/usr/share/doc/openwinrm", "/usr/share/man", "/usr/share/man/man1", "/usr/share/bash-completion",
                    "/usr/share/bash-completion/completions", "/usr/share/zsh", "/usr/share/zsh/vendor-completions",
                    "/usr/share/lintian", "/usr/share/lintian/overrides", "/etc", "/etc/pam.d")) {
                if (Files.isDirectory(Path.of(d))) {
                    s.existingDirs.add(Path.of(d));
                }
            }
            return s;
        }

        boolean had(Path p) {
            return copies.containsKey(p);
        }

        boolean existedBefore(Path dir) {
            return existingDirs.contains(dir);
        }

        void restore() {
            copies.forEach((original, copy) -> {
                Commands.run(List.of("rm", "-rf", original.toString()));
                Commands.run(List.of("cp", "-a", copy.toString(), original.toString())).expectOk();
            });
            if (nftTable != null) {
                Commands.run(List.of("sh", "-c", "printf '%s\\n' \"$1\" | nft -f -", "nft", nftTable));
            }
        }
    }
}
