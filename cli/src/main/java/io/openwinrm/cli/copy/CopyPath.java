package io.openwinrm.cli.copy;

import java.util.Optional;

/**
 * One path argument of {@code copy}: {@code HOST:PATH} (scp: a colon before any slash; {@code HOST:PORT:PATH} for a
 * port other than the default; {@code [v6]:PATH} for IPv6 literals), {@code :PATH} when the host comes from
 * {@code -c}, else a local path. An empty remote path is the
 * account's home directory, as in scp.
 *
 * @param text   the argument as given
 * @param remote whether it names the host's file system
 * @param host   the host written in it, if any
 * @param path   the path on its side
 */
public record CopyPath(String text, boolean remote, Optional<String> host, String path) {

    private static final java.util.regex.Pattern HOST_PORT = java.util.regex.Pattern.compile(
            "([^/:\\[\\]]+:[0-9]{1,5}):(.*)", java.util.regex.Pattern.DOTALL);

    public static CopyPath parse(String arg, boolean hostOption) {
        if (hostOption) {
            return arg.startsWith(":") ? new CopyPath(arg, true, Optional.empty(), orHome(arg.substring(1)))
                    : new CopyPath(arg, false, Optional.empty(), arg);
        }
        if (arg.startsWith("[")) {
            int close = arg.indexOf("]:");
            if (close > 1) {
                return new CopyPath(arg, true, Optional.of(arg.substring(0, close + 1)),
                        orHome(arg.substring(close + 2)));
            }
        }
        java.util.regex.Matcher withPort = HOST_PORT.matcher(arg);
        if (withPort.matches()) {
            return new CopyPath(arg, true, Optional.of(withPort.group(1)), orHome(withPort.group(2)));
        }
        int colon = arg.indexOf(':');
        int slash = arg.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            return new CopyPath(arg, true, Optional.of(arg.substring(0, colon)), orHome(arg.substring(colon + 1)));
        }
        return new CopyPath(arg, false, Optional.empty(), arg);
    }

    private static String orHome(String path) {
        return path.isEmpty() ? "." : path;
    }
}
