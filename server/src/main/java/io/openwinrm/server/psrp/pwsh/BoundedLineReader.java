package io.openwinrm.server.psrp.pwsh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code \n}-terminated lines (a {@code \r} before it dropped: pwsh writes {@code Environment.NewLine}) of at
 * most a bound, so that a child writing an endless line cannot make the server buffer without limit. Not
 * thread-safe; one reader thread.
 */
final class BoundedLineReader {

    /** A line longer than the bound. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int max) {
            super("a line longer than " + max + " bytes");
        }
    }

    private final InputStream in;
    private final int maxLength;
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private byte[] line = new byte[256];

    BoundedLineReader(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /**
     * The next line (UTF-8), or null at end of stream; a last line without a line break is returned too.
     *
     * @throws LineTooLongException when a line exceeds the bound (nothing more of it is buffered)
     */
    String readLine() throws IOException {
        int length = 0;
        while (true) {
            if (start == end) {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    return length == 0 ? null : text(length);
                }
                start = 0;
                end = n;
            }
            int i = start;
            while (i < end && buffer[i] != '\n') {
                i++;
            }
            int chunk = i - start;
            if (length + chunk > maxLength) {
                throw new LineTooLongException(maxLength);
            }
            if (length + chunk > line.length) {
                line = Arrays.copyOf(line, Math.min(maxLength, Math.max(line.length * 2, length + chunk)));
            }
            System.arraycopy(buffer, start, line, length, chunk);
            length += chunk;
            if (i < end) {
                start = i + 1;
                return text(length);
            }
            start = end;
        }
    }

    private String text(int length) {
        int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return new String(line, 0, n, StandardCharsets.UTF_8);
    }
}
