package io.openwinrm.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a password the way {@code docker login} does: from standard input with {@code --password-stdin}, from an
 * environment variable, or from an interactive prompt that does not echo. Secrets are never taken from a command-line
 * argument (visible in {@code ps}) and never logged.
 */
public final class SecretReader {

    /** The environment variable consulted for a password. */
    public static final String PASSWORD_ENV = "OPENWINRM_PASSWORD";

    private static final int MAX_SECRET_BYTES = 4096;

    private SecretReader() {
    }

    /**
     * Returns the password from stdin (when {@code fromStdin}), else {@code $OPENWINRM_PASSWORD}, else a prompt.
     *
     * @throws CliException when no source is available (no terminal and nothing else given)
     */
    public static char[] password(boolean fromStdin, String prompt, InputStream stdin) {
        if (fromStdin) {
            return readStdin(stdin);
        }
        String env = System.getenv(PASSWORD_ENV);
        if (env != null) {
            return env.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new CliException(ExitCodes.USAGE, "no password given: use --password-stdin, set "
                    + PASSWORD_ENV + ", or run in a terminal to be prompted");
        }
        char[] pw = console.readPassword("%s", prompt);
        if (pw == null) {
            throw new CliException(ExitCodes.USAGE, "no password entered");
        }
        return pw;
    }

    /** Asks twice on a terminal and insists that both entries match (for {@code user add/passwd}). */
    public static char[] newPassword(boolean fromStdin, InputStream stdin) {
        if (fromStdin || System.getenv(PASSWORD_ENV) != null || System.console() == null) {
            return password(fromStdin, "Password: ", stdin);
        }
        Console console = System.console();
        char[] first = console.readPassword("New password: ");
        char[] second = console.readPassword("Repeat password: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            throw new CliException(ExitCodes.USAGE, "the passwords do not match");
        }
        Arrays.fill(second, '\0');
        return first;
    }

    private static char[] readStdin(InputStream in) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[256];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                buf.write(chunk, 0, n);
                if (buf.size() > MAX_SECRET_BYTES) {
                    throw new CliException(ExitCodes.USAGE, "the password on standard input is too long");
                }
            }
            byte[] bytes = buf.toByteArray();
            int len = bytes.length;
            while (len > 0 && (bytes[len - 1] == '\n' || bytes[len - 1] == '\r')) {
                len--;
            }
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, len));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(bytes, (byte) 0);
            if (out.length == 0) {
                throw new CliException(ExitCodes.USAGE, "empty password on standard input");
            }
            return out;
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the password from standard input: " + e.getMessage());
        }
    }
}
