package io.openwinrm.os;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The login shell of an account from the passwd database (getpwnam(3), so NSS sources count too). The server runs
 * every command as its own user, so a principal without a local account gets the shell of that user; an account
 * whose shell is missing or refuses logins ({@code nologin}, {@code false}) gets {@code /bin/sh}.
 */
public final class LoginShells {

    private static final Path FALLBACK = Path.of("/bin/sh");
    private static final Set<String> REFUSING = Set.of("nologin", "false");

    private LoginShells() {
    }

    /** @param principal {@code user}, <code>DOMAIN&#92;user</code> or {@code user@REALM} */
    public static Path of(String principal) {
        return lookup(userName(principal)).or(() -> ownShell()).orElse(FALLBACK);
    }

    /** The local user name of a principal: without a {@code DOMAIN\} prefix or an {@code @REALM} suffix. */
    static String userName(String principal) {
        String name = principal == null ? "" : principal;
        int slash = name.lastIndexOf('\\');
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        int at = name.indexOf('@');
        return at >= 0 ? name.substring(0, at) : name;
    }

    private static Optional<Path> lookup(String user) {
        if (user.isEmpty() || user.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        String shell;
        synchronized (LibC.Passwd.LOCK) {
            LibC.Passwd entry = LibC.INSTANCE.getpwnam(user);
            shell = entry == null ? null : entry.pw_shell;
        }
        return usable(shell);
    }

    private static Optional<Path> ownShell() {
        String shell;
        synchronized (LibC.Passwd.LOCK) {
            LibC.Passwd entry = LibC.INSTANCE.getpwuid(LibC.INSTANCE.geteuid());
            shell = entry == null ? null : entry.pw_shell;
        }
        return usable(shell);
    }

    private static Optional<Path> usable(String shell) {
        if (shell == null || !shell.startsWith("/")) {
            return Optional.empty();
        }
        Path path = Path.of(shell);
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (REFUSING.contains(name) || !Files.isRegularFile(path) || !Files.isExecutable(path)) {
            return Optional.empty();
        }
        return Optional.of(path);
    }
}
