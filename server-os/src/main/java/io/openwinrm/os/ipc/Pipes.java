package io.openwinrm.os.ipc;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pipes as raw descriptors (so that they can travel over a {@link UnixSocket}), and streams over a descriptor that
 * came from elsewhere. Every descriptor is close-on-exec.
 */
public final class Pipes {

    private Pipes() {
    }

    /** A new pipe: {@code [read end, write end]}. */
    public static int[] pipe() throws IOException {
        int[] fds = new int[2];
        try {
            SocketCalls.INSTANCE.pipe2(fds, SocketCalls.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("pipe2: errno " + e.getErrorCode(), e);
        }
        return fds;
    }

    /** An input stream that owns {@code fd} (read(2) on the calling thread; close(2) on close). */
    public static InputStream input(int fd) {
        return new FdInput(fd);
    }

    /** An output stream that owns {@code fd} (write(2) on the calling thread; close(2) on close). */
    public static OutputStream output(int fd) {
        return new FdOutput(fd);
    }

    private static final class FdInput extends InputStream {
        private final int fd;
        private final AtomicBoolean closed = new AtomicBoolean();

        FdInput(int fd) {
            this.fd = fd;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (closed.get()) {
                throw new IOException("stream closed");
            }
            byte[] buffer = off == 0 ? b : new byte[len];
            while (true) {
                try {
                    long n = SocketCalls.INSTANCE.read(fd, buffer, len);
                    if (n <= 0) {
                        return -1;
                    }
                    if (buffer != b) {
                        System.arraycopy(buffer, 0, b, off, (int) n);
                    }
                    return (int) n;
                } catch (LastErrorException e) {
                    if (closed.get()) {
                        return -1;
                    }
                    if (e.getErrorCode() != SocketCalls.EINTR) {
                        throw new IOException("read: errno " + e.getErrorCode(), e);
                    }
                }
            }
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                UnixSocket.quietClose(fd);
            }
        }
    }

    private static final class FdOutput extends OutputStream {
        private final int fd;
        private final AtomicBoolean closed = new AtomicBoolean();

        FdOutput(int fd) {
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed.get()) {
                throw new IOException("stream closed");
            }
            byte[] buffer = off == 0 ? b : java.util.Arrays.copyOfRange(b, off, off + len);
            int done = 0;
            while (done < len) {
                byte[] rest = done == 0 ? buffer : java.util.Arrays.copyOfRange(buffer, done, len);
                try {
                    done += (int) SocketCalls.INSTANCE.write(fd, rest, len - done);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != SocketCalls.EINTR) {
                        throw new IOException("write: errno " + e.getErrorCode(), e);
                    }
                }
            }
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                UnixSocket.quietClose(fd);
            }
        }
    }
}
