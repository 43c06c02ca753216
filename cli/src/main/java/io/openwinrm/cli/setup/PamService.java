package io.openwinrm.cli.setup;

import java.nio.file.Path;

/**
 * {@code /etc/pam.d/openwinrm}: the PAM service the server checks Basic passwords with (as root,
 * {@code [accounts] password_source}), built from the host's common stacks as sshd's is, so a password, a lock or an
 * expiry set with the system's tools applies to WinRM too.
 */
public final class PamService {

    public static final Path PATH = Path.of("/etc/pam.d/openwinrm");

    private PamService() {
    }

    public static String render() {
        return "# " + ManagedFile.MARKER + " (openwinrm disable removes it)\n"
                + "# PAM for OpenWinRM: passwords and account checks from the host's common stacks.\n"
                + "@include common-auth\n"
                + "@include common-account\n"
                + "@include common-session\n";
    }
}
