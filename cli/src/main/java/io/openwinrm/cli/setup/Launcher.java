package io.openwinrm.cli.setup;

import io.openwinrm.common.TrustedPaths;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the running {@code openwinrm} was started, turned into the service's ExecStart line — only if root can trust
 * what it would then run (issue 9, finding 10: run from a checkout owned by an ordinary user, the unit ran that
 * user's jar as root).
 */
public final class Launcher {

    private Launcher() {
    }

    /**
     * {@code JAVA --enable-native-access=ALL-UNNAMED -jar JAR serve --home HOME} when running from the jar, else the
     * class path form (development trees and tests).
     *
     * @param home the state directory as the service will see it
     */
    public static String execStart(Path home) {
        List<String> argv = new ArrayList<>(List.of(java().toString(), "--enable-native-access=ALL-UNNAMED"));
        Optional<Path> jar = jar();
        if (jar.isPresent()) {
            argv.add("-jar");
            argv.add(jar.get().toString());
        } else {
            argv.add("-cp");
            argv.add(System.getProperty("java.class.path"));
            argv.add("io.openwinrm.cli.Main");
        }
        argv.addAll(List.of("serve", "--home", home.toString()));
        return commandLine(argv);
    }

    /**
     * What the service would execute as root: the Java launcher and the jar (or every class-path entry), each of
     * which, and every directory above it, must belong to root and be writable by nobody else ({@link TrustedPaths}).
     *
     * @throws SetupException naming the first untrusted path and how to fix it
     */
    public static void checkTrusted() throws SetupException {
        List<Path> code = new ArrayList<>();
        code.add(java());
        jar().ifPresentOrElse(code::add, () -> {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    code.add(Path.of(entry).toAbsolutePath());
                }
            }
        });
        for (Path p : code) {
            try {
                TrustedPaths.check(p, Set.of(0), false);
            } catch (IOException e) {
                throw new SetupException("refusing to make a root service run " + p + ": " + e.getMessage()
                        + ". Install OpenWinRM where only root can change it (e.g. copy openwinrm.jar to "
                        + "/usr/local/lib/openwinrm/) and run enable from there", e);
            }
        }
    }

    private static Path java() {
        return Path.of(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    }

    /** The jar this code runs from, if it runs from one. */
    private static Optional<Path> jar() {
        try {
            var source = Launcher.class.getProtectionDomain().getCodeSource();
            Path code = source == null ? null : Path.of(source.getLocation().toURI());
            return Optional.ofNullable(code).filter(c -> c.toString().endsWith(".jar"));
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static String commandLine(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(a));
        }
        return sb.toString();
    }

    /** systemd.service(5) quoting: double quotes around words with blanks, quotes or backslashes. */
    static String quote(String word) {
        if (!word.isEmpty() && word.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\\'
                || c == '\'' || c == '%' || c == '$')) {
            return word;
        }
        return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%").replace("$", "$$") + "\"";
    }
}
