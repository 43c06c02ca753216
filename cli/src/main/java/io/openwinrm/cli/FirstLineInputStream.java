package io.openwinrm.cli;

import java.io.IOException;
import java.io.InputStream;

/**
 * The first line of another stream, read one byte at a time so that nothing after the line terminator is consumed:
 * {@code enter --password-stdin} takes the password from the first line and the commands from the rest.
 */
final class FirstLineInputStream extends InputStream {

    private final InputStream in;
    private boolean ended;

    FirstLineInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (ended) {
            return -1;
        }
        int b = in.read();
        if (b < 0 || b == '\n') {
            ended = true;
            return b < 0 ? -1 : '\n';
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            int b = read();
            if (b < 0) {
                break;
            }
            buf[off + n++] = (byte) b;
            if (b == '\n') {
                break;
            }
        }
        return n == 0 ? -1 : n;
    }
}
