package io.openwinrm.os.ipc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Reference;
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

    /**
     * The most one read(2) or write(2) moves. A pipe holds 64 KiB by default, so a read never returns more; each stream
     * keeps one native buffer of this size, into which the kernel reads and from which one copy goes to the caller's
     * array (a {@code byte[]} argument would make JNA allocate native memory and copy both ways on every call).
     */
    static final int NATIVE_BUFFER = 64 * 1024;

    private static final class FdInput extends InputStream {
        private final int fd;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Memory buffer = new Memory(NATIVE_BUFFER);

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
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (closed.get()) {
                throw new IOException("stream closed");
            }
            while (true) {
                try {
                    long n = SocketCalls.INSTANCE.read(fd, buffer, Math.min(len, NATIVE_BUFFER));
                    // the native memory must outlive the call (UnixSocket.send once lost its buffer to the collector)
                    Reference.reachabilityFence(buffer);
                    if (n <= 0) {
                        return -1;
                    }
                    buffer.read(0, b, off, (int) n);
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
        private final Memory buffer = new Memory(NATIVE_BUFFER);

        FdOutput(int fd) {
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (closed.get()) {
                throw new IOException("stream closed");
            }
            int done = 0;
            while (done < len) {
                int chunk = Math.min(len - done, NATIVE_BUFFER);
                buffer.write(0, b, off + done, chunk);
                int written = 0;
                while (written < chunk) {
                    try {
                        written += (int) SocketCalls.INSTANCE.write(fd, buffer.share(written), chunk - written);
                        Reference.reachabilityFence(buffer);
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() != SocketCalls.EINTR) {
                            throw new IOException("write: errno " + e.getErrorCode(), e);
                        }
                    }
                }
                done += chunk;
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
