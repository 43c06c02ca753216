package io.openwinrm.packaging;

import io.openwinrm.cli.setup.PamService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes, at build time, the files of the Debian package that come from the code: the man pages and the bash and
 * zsh completion (both from the picocli model of {@code io.openwinrm.cli.Main}), {@code /etc/pam.d/openwinrm} (the
 * very text {@code openwinrm enable} writes, {@link PamService#render()}) and the changelog.
 *
 * <p>Arguments: the staging tree of ordinary files, the staging tree of configuration files, the Maven version, the
 * build time (ISO-8601) and the maintainer ({@code Name <address>}).
 */
public final class PackageFiles {

    /** The command name, as installed in /usr/bin. */
    public static final String COMMAND = "openwinrm";
    public static final String MAN_DIR = "usr/share/man/man1";
    public static final String BASH_COMPLETION = "usr/share/bash-completion/completions/" + COMMAND;
    public static final String ZSH_COMPLETION = "usr/share/zsh/vendor-completions/_" + COMMAND;
    public static final String DOC_DIR = "usr/share/doc/" + COMMAND;
    public static final String PAM_FILE = "etc/pam.d/" + COMMAND;

    /** FILES of openwinrm(1): path, tab, what it is. */
    static final List<String> FILES = List.of(
            "/etc/openwinrm/\tThe server's state directory (root's; --home or OPENWINRM_HOME choose another): "
                    + "openwinrm.toml (configuration), accounts (account store), tls/ (certificate and key), "
                    + "endpoints/, openwinrm.nft (firewall rules). Written by openwinrm enable; "
                    + "apt purge removes it.",
            "~/.openwinrm/\tThe state directory of any other user: client settings (client.toml), "
                    + "trusted hosts and persistent sessions.",
            "/etc/pam.d/openwinrm\tThe PAM service that checks Basic passwords against the host's accounts "
                    + "(password_source in [accounts]).",
            "/etc/systemd/system/openwinrm.service\tThe service unit written by openwinrm enable and removed by "
                    + "openwinrm disable.",
            "/usr/share/openwinrm/openwinrm.jar\tThe program; /usr/bin/openwinrm runs it with Java 17 or later "
                    + "(JAVA_HOME chooses the runtime, OPENWINRM_JAVA_OPTS adds JVM options).");

    /** ENVIRONMENT of openwinrm(1): variable, tab, what it does. */
    static final List<String> ENVIRONMENT = List.of(
            "OPENWINRM_HOME\tThe state directory when --home is not given.",
            "OPENWINRM_USER\tThe user name of client commands when --user is not given (default: the local user's "
                    + "name).",
            "OPENWINRM_PASSWORD\tThe password of client commands, instead of asking for it.",
            "OPENWINRM_DEBUG\tWhen set, an error also prints its stack trace.",
            "JAVA_HOME\tThe Java runtime /usr/bin/openwinrm runs (17 or later); without it, java on the PATH if it "
                    + "is 17 or later, else the newest such runtime under /usr/lib/jvm.",
            "OPENWINRM_JAVA_OPTS\tFurther options for the Java runtime (heap size, garbage collector).");

    private PackageFiles() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: PackageFiles FILES-ROOT CONFFILES-ROOT MAVEN-VERSION "
                    + "BUILD-TIME MAINTAINER");
        }
        Path root = Path.of(args[0]);
        Path confRoot = Path.of(args[1]);
        Instant time = Instant.parse(args[3]);
        write(root, confRoot, args[2], time, args[4]);
    }

    /** The command model of the CLI, as {@code openwinrm --help} sees it. */
    public static CommandLine commandLine() throws ReflectiveOperationException {
        return (CommandLine) Class.forName("io.openwinrm.cli.Main").getMethod("commandLine").invoke(null);
    }

    static void write(Path root, Path confRoot, String mavenVersion, Instant time, String maintainer)
            throws IOException, ReflectiveOperationException {
        String version = DebianVersion.of(mavenVersion);
        String day = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(time);
        CommandLine cl = commandLine();
        CommandSpec spec = cl.getCommandSpec();

        Path man = root.resolve(MAN_DIR);
        Files.createDirectories(man);
        Files.write(man.resolve(COMMAND + ".1.gz"), gz(new ManPage(version, day).top(spec, topSections())));
        for (CommandSpec sub : ManPage.documented(spec)) {
            Files.write(man.resolve(ManPage.pageName(sub) + ".1.gz"), gz(new ManPage(version, day).sub(sub)));
        }

        String bash = bashCompletion(cl);
        writeText(root.resolve(BASH_COMPLETION), bash);
        writeText(root.resolve(ZSH_COMPLETION), zshCompletion(bash));

        writeText(confRoot.resolve(PAM_FILE), PamService.render());

        Path doc = root.resolve(DOC_DIR);
        Files.createDirectories(doc);
        Files.write(doc.resolve("changelog.gz"), gz(changelog(version, time, maintainer)));
    }

    /** The sections of openwinrm(1) after EXIT STATUS, in man-pages(7) order. */
    static Map<String, List<String>> topSections() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put("ENVIRONMENT", ENVIRONMENT);
        sections.put("FILES", FILES);
        return sections;
    }

    /** picocli's bash completion, without the #! line (the file is sourced, never run). */
    static String bashCompletion(CommandLine cl) {
        String script = AutoComplete.bash(COMMAND, cl);
        if (script.startsWith("#!")) {
            script = script.substring(script.indexOf('\n') + 1);
        }
        return "# bash completion for openwinrm, generated at build time from its picocli command model.\n" + script;
    }

    /**
     * The zsh completion function: compinit autoloads {@code _openwinrm} from the vendor-completions directory on the
     * first completion of {@code openwinrm}; its body loads picocli's bash completion through zsh's bashcompinit
     * (which rebinds {@code openwinrm} to it for every later completion) and completes this first one with it too.
     */
    static String zshCompletion(String bash) {
        return "#compdef " + COMMAND + "\n"
                + "# zsh completion for openwinrm, generated at build time from its picocli command model: picocli's\n"
                + "# bash completion, run through zsh's bashcompinit.\n"
                + "# bash's compopt has nothing to do under zsh; the script's own alias for it would come too late in\n"
                + "# an autoloaded function (its functions are parsed before the alias exists).\n"
                + "compopt() { :; }\n"
                + bash
                + "\n_bash_complete -F _complete_" + COMMAND + " -o default\n";
    }

    static String changelog(String version, Instant time, String maintainer) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).withLocale(Locale.ROOT)
                .format(time);
        // RFC 1123 prints single-digit days without the leading zero Debian's changelog format wants
        date = date.replaceFirst("^(\\w{3}), (\\d) ", "$1, 0$2 ").replace(" GMT", " +0000");
        return COMMAND + " (" + version + ") unstable; urgency=medium\n"
                + "\n"
                + "  * Package built from the OpenWinRM source tree; its git history is the\n"
                + "    detailed changelog.\n"
                + "\n"
                + " -- " + maintainer + "  " + date + "\n";
    }

    private static byte[] gz(String text) {
        return Gzip.compress(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeText(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
