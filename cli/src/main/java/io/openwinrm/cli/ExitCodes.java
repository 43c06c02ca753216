package io.openwinrm.cli;

/**
 * Exit codes of the {@code openwinrm} command. A single-host {@code invoke} exits with the remote command's own exit
 * code instead; these values are what the CLI itself reports.
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A remote command (or one of several) failed. */
    public static final int REMOTE_FAILURE = 1;
    /** Bad usage: unknown option, missing argument, invalid value (picocli's convention). */
    public static final int USAGE = 2;
    /** Could not connect, TLS verification failed, or the server sent something we could not understand. */
    public static final int CONNECTION = 3;
    /** The server refused the credentials or access. */
    public static final int AUTH = 4;
    /** Local configuration or state problem (bad config file, unreadable account store...). */
    public static final int CONFIG = 5;
    /** An unexpected internal error (a bug): reported in one line, details with --debug. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
