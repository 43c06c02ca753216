package io.openwinrm.cli.interactive;

/**
 * The prompt {@code user@host:cwd> }, with the remote home directory shown as {@code ~} as shells do.
 *
 * @param user the account name used to log on
 * @param host the remote host as the user named it
 * @param home the remote home directory, or null if unknown
 * @param cwd  the remote working directory, or null if unknown
 */
public record Prompt(String user, String host, String home, String cwd) {

    /** The same prompt in working directory {@code dir}. */
    public Prompt in(String dir) {
        return new Prompt(user, host, home, dir);
    }

    /** The text shown before the input. */
    public String render() {
        return user + "@" + host + ":" + shortCwd() + "> ";
    }

    private String shortCwd() {
        if (cwd == null) {
            return "?";
        }
        if (home != null && home.length() > 1) {
            if (cwd.equals(home)) {
                return "~";
            }
            if (cwd.startsWith(home + "/")) {
                return "~" + cwd.substring(home.length());
            }
        }
        return cwd;
    }
}
