package io.openwinrm.cli.setup;

import java.nio.file.Path;

/** The {@code openwinrm.service} unit. */
public final class SystemdUnit {

    public static final String NAME = "openwinrm.service";
    public static final Path PATH = Path.of("/etc/systemd/system", NAME);

    private SystemdUnit() {
    }

    /** @param execStart the complete command line of the service */
    public static String render(String execStart) {
        return "# " + ManagedFile.MARKER + " (openwinrm disable removes it)\n"
                + "[Unit]\n"
                + "Description=OpenWinRM WS-Management service (WinRM)\n"
                + "After=network-online.target\n"
                + "Wants=network-online.target\n"
                + "\n"
                + "[Service]\n"
                + "Type=simple\n"
                + "ExecStart=" + execStart + "\n"
                + "Restart=on-failure\n"
                + "RestartSec=2\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=multi-user.target\n";
    }
}
