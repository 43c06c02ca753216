package io.openwinrm.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.cli.Main;
import io.openwinrm.cli.setup.PamService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The files the package build generates (target/deb-files, target/deb-conffiles, written in process-classes): the
 * PAM file is the one {@code openwinrm enable} writes, every command has its man page with every option, the
 * completion completes, the changelog carries the package version.
 */
class PackageFilesTest {

    private static Path files;
    private static Path conffiles;

    @BeforeAll
    static void generated() throws Exception {
        String f = System.getProperty("openwinrm.deb.files");
        String c = System.getProperty("openwinrm.deb.conffiles");
        if (f != null && Files.isDirectory(Path.of(f))) {
            files = Path.of(f);
            conffiles = Path.of(c);
        } else {
            // run outside Maven's lifecycle (an IDE): generate them here
            Path dir = Files.createTempDirectory("openwinrm-deb-files");
            files = dir.resolve("files");
            conffiles = dir.resolve("conffiles");
            PackageFiles.write(files, conffiles, "0.1.0-SNAPSHOT", Instant.now(), "Test <test@example.org>");
        }
    }

    @Test
    void pamFileIsWhatEnableWrites(@TempDir Path root) throws IOException {
        String packaged = Files.readString(conffiles.resolve(PackageFiles.PAM_FILE), StandardCharsets.UTF_8);
        assertThat(packaged).isEqualTo(PamService.render());
        // and what 'openwinrm enable' really writes, run against a scratch root
        int code = Main.run("enable", "--root", root.toString(), "--no-systemd", "--no-firewall");
        assertThat(code).isZero();
        assertThat(Files.readString(root.resolve("etc/pam.d/openwinrm"), StandardCharsets.UTF_8)).isEqualTo(packaged);
    }

    @Test
    void everyCommandHasAManPageWithEveryOption() throws Exception {
        CommandSpec top = PackageFiles.commandLine().getCommandSpec();
        Path man = files.resolve(PackageFiles.MAN_DIR);
        String topPage = gunzip(man.resolve("openwinrm.1.gz"));
        assertThat(topPage).startsWith(".\\\"").contains(".TH OPENWINRM 1 ").contains(".SH \"EXIT STATUS\"")
                .contains(".SH FILES").contains(".SH ENVIRONMENT");
        List<CommandSpec> subs = ManPage.documented(top);
        assertThat(subs).extracting(CommandSpec::name).contains("serve", "invoke", "enable", "disable", "user",
                "session", "endpoint", "version").doesNotContain("help");
        try (var listing = Files.list(man)) {
            assertThat(listing.count()).isEqualTo(subs.size() + 1);
        }
        for (CommandSpec sub : subs) {
            String page = gunzip(man.resolve("openwinrm-" + sub.name() + ".1.gz"));
            assertThat(topPage).contains("\\fBopenwinrm\\-" + ManPage.escape(sub.name()) + "\\fR(1)");
            assertThat(page).contains(".TH OPENWINRM\\-" + ManPage.escape(sub.name()).toUpperCase() + " 1 ")
                    .contains(".SH NAME\nopenwinrm\\-" + ManPage.escape(sub.name()) + " \\- ");
            assertOptions(page, sub);
            for (CommandSpec nested : ManPage.documented(sub)) {
                assertThat(page).contains(".SH \"OPENWINRM " + ManPage.escape(sub.name()).toUpperCase() + " "
                        + ManPage.escape(nested.name()).toUpperCase() + "\"");
                assertOptions(page, nested);
            }
        }
    }

    private static void assertOptions(String page, CommandSpec spec) {
        for (OptionSpec o : spec.options()) {
            for (String name : o.names()) {
                if (o.hidden()) {
                    assertThat(page).as("hidden option %s of %s", name, spec.qualifiedName())
                            .doesNotContain("\\fB" + ManPage.escape(name) + "\\fR");
                } else {
                    assertThat(page).as("option %s of %s", name, spec.qualifiedName())
                            .contains("\\fB" + ManPage.escape(name) + "\\fR");
                }
            }
        }
        assertThat(page).doesNotContain("${DEFAULT-VALUE}").doesNotContain("%n");
    }

    @Test
    void manPagesRenderWithoutWarnings() throws IOException {
        assumeTrue(Commands.exists("man"), "man (man-db) is not installed");
        try (var listing = Files.list(files.resolve(PackageFiles.MAN_DIR))) {
            for (Path page : listing.toList()) {
                Commands.Result r = Commands.run(List.of("man", "--warnings", "-l", page.toString()),
                        Map.of("MANWIDTH", "80", "MANPAGER", "cat", "LC_ALL", "C.UTF-8"), 60);
                String out = r.expectOk();
                assertThat(out).as(page.toString()).contains("NAME").contains("SYNOPSIS")
                        .doesNotContain("warning:");
            }
        }
    }

    @Test
    void bashCompletionCompletesCommandsAndOptions() {
        assumeTrue(Commands.exists("bash"), "no bash");
        Path script = files.resolve(PackageFiles.BASH_COMPLETION);
        assertThat(complete(script, "openwinrm en")).contains("enable", "endpoint", "enter");
        assertThat(complete(script, "openwinrm enable --dr")).containsExactly("--dry-run");
        assertThat(complete(script, "openwinrm user ")).contains("add", "remove", "list");
    }

    /** The words bash would offer for a command line (the last word being completed). */
    static List<String> complete(Path script, String line) {
        String shell = "source '" + script + "' || exit 9\n"
                + "declare -F _complete_openwinrm >/dev/null || exit 8\n"
                + "complete -p openwinrm >/dev/null || exit 7\n"
                + "compopt() { :; }   # bash's compopt only works while bash itself is completing\n"
                + "COMP_LINE=\"$1\"; COMP_POINT=${#COMP_LINE}\n"
                + "read -r -a COMP_WORDS <<< \"$COMP_LINE\"\n"
                + "[[ \"$COMP_LINE\" == *' ' ]] && COMP_WORDS+=('')\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "_complete_openwinrm openwinrm \"${COMP_WORDS[COMP_CWORD]}\"\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        String out = Commands.run(List.of("bash", "--norc", "-c", shell, "complete-test", line)).expectOk();
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void zshCompletionIsABashcompinitWrapper() throws IOException {
        String zsh = Files.readString(files.resolve(PackageFiles.ZSH_COMPLETION), StandardCharsets.UTF_8);
        assertThat(zsh).startsWith("#compdef openwinrm\n").contains("bashcompinit").contains("\ncompopt() { :; }\n")
                .contains("function _complete_openwinrm()").endsWith("_bash_complete -F _complete_openwinrm -o default\n");
        String bash = Files.readString(files.resolve(PackageFiles.BASH_COMPLETION), StandardCharsets.UTF_8);
        assertThat(bash).doesNotStartWith("#!").contains("complete -F _complete_openwinrm");
    }

    @Test
    void launcherRunsTheJarWithAJava17Runtime(@TempDir Path dir) throws IOException {
        Path launcher = Path.of("src/deb/bin/openwinrm").toAbsolutePath();
        Path java17 = fakeJava(dir.resolve("jdk17"), "17.0.15");
        Path java11 = fakeJava(dir.resolve("jdk11"), "11.0.2");
        Path java21 = fakeJava(dir.resolve("jdk21"), null);   // no release file: asks the JVM
        Commands.Result r = Commands.run(List.of("sh", launcher.toString(), "version", "a b"),
                Map.of("JAVA_HOME", java17.toString(), "OPENWINRM_JAVA_OPTS", "-Xmx64m"), 60);
        assertThat(r.expectOk().lines().toList()).containsExactly("-Xmx64m", "--enable-native-access=ALL-UNNAMED",
                "-jar", "/usr/share/openwinrm/openwinrm.jar", "version", "a b");
        r = Commands.run(List.of("sh", launcher.toString(), "version"), Map.of("JAVA_HOME", java21.toString()), 60);
        assertThat(r.expectOk()).contains("--enable-native-access=ALL-UNNAMED");
        r = Commands.run(List.of("sh", launcher.toString(), "version"), Map.of("JAVA_HOME", java11.toString()), 60);
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.output()).contains("is Java 11; OpenWinRM needs Java 17 or later");
        r = Commands.run(List.of("sh", launcher.toString()), Map.of("JAVA_HOME", dir.resolve("none").toString()), 60);
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.output()).contains("has no bin/java");
    }

    /**
     * The installed launcher's JVM options come from jvm-options.sh in its share directory (here a copy of the
     * launcher pointed at a temporary one): a one-shot client command runs with C1 and the serial collector, the
     * server and the bulk or interactive commands with the JVM's defaults; the class-data sharing archive is used once
     * postinst has made it; OPENWINRM_JAVA_OPTS comes after all of them.
     */
    @Test
    void launcherOptionsPerSubcommandAndArchive(@TempDir Path dir) throws IOException {
        Path share = Files.createDirectories(dir.resolve("share"));
        Files.copy(Path.of("../cli/src/launcher/jvm-options.sh"), share.resolve("jvm-options.sh"));
        Path archive = dir.resolve("cache/openwinrm.jsa");
        String text = Files.readString(Path.of("src/deb/bin/openwinrm"), StandardCharsets.UTF_8);
        assertThat(text).contains("share=/usr/share/openwinrm\n", "archive=/var/cache/openwinrm/openwinrm.jsa\n");
        Path launcher = dir.resolve("openwinrm");
        Files.writeString(launcher, text.replace("share=/usr/share/openwinrm\n", "share=" + share + "\n")
                .replace("archive=/var/cache/openwinrm/openwinrm.jsa\n", "archive=" + archive + "\n"));
        Map<String, String> env = Map.of("JAVA_HOME", fakeJava(dir.resolve("jdk17"), "17.0.15").toString(),
                "OPENWINRM_JAVA_OPTS", "-XX:TieredStopAtLevel=4");

        List<String> invoke = launch(launcher, env, "invoke", "-c", "h", "--", "true");
        assertThat(invoke).containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=4",
                "--enable-native-access=ALL-UNNAMED", "-jar", "/usr/share/openwinrm/openwinrm.jar", "invoke", "-c",
                "h", "--", "true");
        for (String longRunning : List.of("serve", "enter", "demo")) {
            assertThat(launch(launcher, env, longRunning).get(0)).as(longRunning).isEqualTo("-XX:TieredStopAtLevel=4");
        }
        // copy keeps C2 for its bulk loops, with the serial collector
        assertThat(launch(launcher, env, "copy")).startsWith("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=4");

        // an archive is used only with the stamp of the Java that dumped it (another Java's makes the JVM complain
        // and run without any archive)
        Files.createDirectories(archive.getParent());
        Files.write(archive, new byte[] {1});
        Path stamp = Path.of(archive + ".stamp");
        Files.writeString(stamp, "/usr/lib/jvm/other/bin/java 17.0.1+1\n");
        assertThat(launch(launcher, env, "version")).doesNotContain("-Xshare:auto");
        String java = env.get("JAVA_HOME") + "/bin/java";
        Files.writeString(stamp, Commands.run(List.of("sh", "-c", ". \"$1\" && openwinrm_java_stamp \"$2\"", "stamp",
                share.resolve("jvm-options.sh").toString(), java)).expectOk());
        assertThat(Files.readString(stamp)).contains(Path.of(java).toRealPath().toString()).contains("17.0.15");
        assertThat(launch(launcher, env, "version")).startsWith("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-Xlog:cds*=off", "-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=4");
        assertThat(launch(launcher, env, "serve")).startsWith("-Xshare:auto", "-Xlog:cds*=off",
                "-XX:SharedArchiveFile=" + archive);
    }

    private static List<String> launch(Path launcher, Map<String, String> env, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("sh", launcher.toString()));
        argv.addAll(List.of(args));
        return Commands.run(argv, env, 60).expectOk().lines().toList();
    }

    /** A java that prints its arguments, one per line, in a JDK-like directory with a release file (or none). */
    private static Path fakeJava(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n"
                + "if [ \"$1\" = -XshowSettings:properties ]; then echo '    java.specification.version = 21' >&2; "
                + "exit 0; fi\n"
                + "for a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        java.toFile().setExecutable(true);
        if (version != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n"
                    + "JAVA_RUNTIME_VERSION=\"" + version + "+6-Test\"\n");
        }
        return home;
    }

    @Test
    void changelogCarriesThePackageVersion() throws IOException {
        String changelog = gunzip(files.resolve(PackageFiles.DOC_DIR).resolve("changelog.gz"));
        String version = DebianVersion.of(System.getProperty("openwinrm.version", "0.1.0-SNAPSHOT"));
        assertThat(changelog).startsWith("openwinrm (" + version + ") unstable; urgency=medium\n");
        assertThat(changelog.lines().reduce((a, b) -> b).orElseThrow())
                .matches(" -- .+ <[^>]+>  \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
    }

    @Test
    void debianVersions() {
        assertThat(DebianVersion.of("0.1.0-SNAPSHOT")).isEqualTo("0.1.0~SNAPSHOT");
        assertThat(DebianVersion.of("1.0.0")).isEqualTo("1.0.0");
        assertThat(DebianVersion.of("1.0-rc-1")).isEqualTo("1.0~rc.1");
    }

    @Test
    void gzipIsMaximalAndReadable() throws IOException {
        byte[] data = "hello hello hello hello\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] gz = Gzip.compress(data);
        assertThat(gz[8]).as("XFL: maximum compression").isEqualTo((byte) 2);
        assertThat(new byte[] {gz[4], gz[5], gz[6], gz[7]}).as("no time stamp").containsOnly(0);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void troffEscapes() {
        assertThat(ManPage.escapeText("use --home DIR, not a-b")).isEqualTo("use \\-\\-home DIR, not a-b");
        assertThat(ManPage.escapeText(".hidden")).isEqualTo("\\&.hidden");
        assertThat(ManPage.escapeText("a\\b")).isEqualTo("a\\eb");
        assertThat(ManPage.whatis("Make this host a server: one step. More.")).isEqualTo("Make this host a server");
        assertThat(ManPage.whatis("Show versions.")).isEqualTo("Show versions");
    }

    @Test
    void helpIsNotDocumented() throws Exception {
        CommandLine cl = PackageFiles.commandLine();
        assertThat(ManPage.documented(cl.getCommandSpec())).noneMatch(s -> s.userObject() instanceof CommandLine.HelpCommand);
    }

    static String gunzip(Path file) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
