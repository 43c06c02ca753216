package io.openwinrm.cli.setup;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the running {@code openwinrm} was started, turned into the service's ExecStart line. */
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
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> argv = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        Path code = codeSource();
        if (code != null && code.toString().endsWith(".jar")) {
            argv.add("-jar");
            argv.add(code.toString());
        } else {
            argv.add("-cp");
            argv.add(System.getProperty("java.class.path"));
            argv.add("io.openwinrm.cli.Main");
        }
        argv.addAll(List.of("serve", "--home", home.toString()));
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(a));
        }
        return sb.toString();
    }

    private static Path codeSource() {
        try {
            var source = Launcher.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
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
