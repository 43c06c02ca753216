package io.openwinrm.client;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Everything a finished command produced.
 *
 * @param stdout   the bytes written to standard output
 * @param stderr   the bytes written to standard error
 * @param exitCode the process exit code (128 + signal for a command killed by a signal on a POSIX host)
 */
public record CommandResult(byte[] stdout, byte[] stderr, int exitCode) {

    public CommandResult {
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }

    /** Standard output decoded as UTF-8 (the shell's default code page, 65001). */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Standard error decoded as UTF-8. */
    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** Standard output decoded with {@code charset} (for a shell opened with another code page). */
    public String stdoutText(Charset charset) {
        return new String(stdout, charset);
    }

    @Override
    public String toString() {
        return "CommandResult[exitCode=" + exitCode + ", stdout=" + stdout.length + " bytes, stderr=" + stderr.length
                + " bytes]";
    }
}
