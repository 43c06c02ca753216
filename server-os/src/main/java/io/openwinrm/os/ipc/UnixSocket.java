package io.openwinrm.os.ipc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connected {@code AF_UNIX} {@code SOCK_SEQPACKET} socket (unix(7)): reliable, ordered, and each send is received
 * as one message, with file descriptors attached as {@code SCM_RIGHTS} ancillary data (cmsg(3)). This is how the
 * privilege-separated server's two processes talk: the monitor passes the pipes and terminals of the processes it
 * starts to the network service. Every descriptor is created close-on-exec, so none leaks into a command.
 *
 * <p>One thread may send while another receives; sends are serialised. Linux, LP64 ({@code struct msghdr} is laid
 * out by hand below).
 */
public final class UnixSocket implements AutoCloseable {

    /** Largest message either side accepts (a sender gets an error for more). */
    public static final int MAX_MESSAGE = 256 * 1024;
    /** Most descriptors one message may carry. */
    public static final int MAX_FDS = 8;

    private static final int SOCKADDR_UN_SIZE = 110;
    private static final int MSGHDR_SIZE = 56;
    private static final int IOVEC_SIZE = 16;
    private static final int CMSG_HEADER = 16;

    private final int fd;
    private final Object sendLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();

    private UnixSocket(int fd) {
        this.fd = fd;
    }

    /** A message was longer than {@link #MAX_MESSAGE} or carried too many descriptors: it was dropped. */
    public static final class TruncatedMessageException extends IOException {
        private static final long serialVersionUID = 1L;

        TruncatedMessageException(String message) {
            super(message);
        }
    }

    /** A received message: its bytes and the descriptors that came with it (owned by the caller). */
    public record Message(byte[] data, int[] fds) {
    }

    /** The credentials of the peer process when it connected (SO_PEERCRED). */
    public record PeerCredentials(int pid, int uid, int gid) {
    }

    /** A connected pair. */
    public static UnixSocket[] pair() throws IOException {
        int[] fds = new int[2];
        try {
            SocketCalls.INSTANCE.socketpair(SocketCalls.AF_UNIX, SocketCalls.SOCK_SEQPACKET | SocketCalls.SOCK_CLOEXEC,
                    0, fds);
        } catch (LastErrorException e) {
            throw new IOException("socketpair: errno " + e.getErrorCode(), e);
        }
        return new UnixSocket[] {new UnixSocket(fds[0]), new UnixSocket(fds[1])};
    }

    /** Connects to the socket listening at {@code path}. */
    public static UnixSocket connect(Path path) throws IOException {
        int s = socket();
        try {
            SocketCalls.INSTANCE.connect(s, address(path), SOCKADDR_UN_SIZE);
            return new UnixSocket(s);
        } catch (LastErrorException e) {
            quietClose(s);
            throw new IOException("connect to " + path + ": errno " + e.getErrorCode(), e);
        }
    }

    /** A socket listening at {@code path} (which must not exist); accept connections with {@link Listener#accept}. */
    public static Listener listen(Path path) throws IOException {
        int s = socket();
        try {
            SocketCalls.INSTANCE.bind(s, address(path), SOCKADDR_UN_SIZE);
            SocketCalls.INSTANCE.listen(s, 4);
            return new Listener(s, path);
        } catch (LastErrorException e) {
            quietClose(s);
            throw new IOException("listen at " + path + ": errno " + e.getErrorCode(), e);
        }
    }

    /** A listening socket. */
    public static final class Listener implements AutoCloseable {
        private final int fd;
        private final Path path;

        private Listener(int fd, Path path) {
            this.fd = fd;
            this.path = path;
        }

        public Path path() {
            return path;
        }

        /** Waits for the next connection. */
        public UnixSocket accept() throws IOException {
            while (true) {
                try {
                    return new UnixSocket(SocketCalls.INSTANCE.accept4(fd, null, null, SocketCalls.SOCK_CLOEXEC));
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != SocketCalls.EINTR) {
                        throw new IOException("accept: errno " + e.getErrorCode(), e);
                    }
                }
            }
        }

        @Override
        public void close() {
            try {
                SocketCalls.INSTANCE.shutdown(fd, SocketCalls.SHUT_RDWR);
            } catch (LastErrorException ignored) {
                // not connected: a listener
            }
            quietClose(fd);
        }
    }

    private static int socket() throws IOException {
        try {
            return SocketCalls.INSTANCE.socket(SocketCalls.AF_UNIX, SocketCalls.SOCK_SEQPACKET | SocketCalls.SOCK_CLOEXEC,
                    0);
        } catch (LastErrorException e) {
            throw new IOException("socket: errno " + e.getErrorCode(), e);
        }
    }

    private static Memory address(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SOCKADDR_UN_SIZE - 2) {
            throw new IOException("socket path too long: " + path);
        }
        Memory a = new Memory(SOCKADDR_UN_SIZE);
        a.clear();
        a.setShort(0, (short) SocketCalls.AF_UNIX);
        a.write(2, name, 0, name.length);
        return a;
    }

    /** The peer's pid, uid and gid as the kernel recorded them at connect time. */
    public PeerCredentials peer() throws IOException {
        Memory value = new Memory(12);
        Memory length = new Memory(4);
        length.setInt(0, 12);
        try {
            SocketCalls.INSTANCE.getsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_PEERCRED, value, length);
        } catch (LastErrorException e) {
            throw new IOException("SO_PEERCRED: errno " + e.getErrorCode(), e);
        }
        return new PeerCredentials(value.getInt(0), value.getInt(4), value.getInt(8));
    }

    /** Sends {@code data} as one message with {@code fds} attached (the caller keeps its descriptors). */
    public void send(byte[] data, int... fds) throws IOException {
        if (data.length == 0 || data.length > MAX_MESSAGE) {
            throw new IOException("message of " + data.length + " bytes (1 to " + MAX_MESSAGE + ")");
        }
        if (fds.length > MAX_FDS) {
            throw new IOException(fds.length + " descriptors in one message (at most " + MAX_FDS + ")");
        }
        Memory buffer = new Memory(data.length);
        buffer.write(0, data, 0, data.length);
        Memory iov = new Memory(IOVEC_SIZE);
        iov.setPointer(0, buffer);
        iov.setLong(8, data.length);
        Memory header = new Memory(MSGHDR_SIZE);
        header.clear();
        header.setPointer(16, iov);
        header.setLong(24, 1);
        Memory control = null;
        if (fds.length > 0) {
            int payload = 4 * fds.length;
            control = new Memory(CMSG_HEADER + align(payload));
            control.clear();
            control.setLong(0, CMSG_HEADER + payload);
            control.setInt(8, SocketCalls.SOL_SOCKET);
            control.setInt(12, SocketCalls.SCM_RIGHTS);
            for (int i = 0; i < fds.length; i++) {
                control.setInt(CMSG_HEADER + 4L * i, fds[i]);
            }
            header.setPointer(32, control);
            header.setLong(40, control.size());
        }
        try {
            synchronized (sendLock) {
                while (true) {
                    try {
                        long sent = SocketCalls.INSTANCE.sendmsg(fd, header, SocketCalls.MSG_NOSIGNAL);
                        if (sent != data.length) {
                            throw new IOException("short send: " + sent + " of " + data.length);
                        }
                        return;
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() != SocketCalls.EINTR) {
                            throw new IOException("sendmsg: errno " + e.getErrorCode(), e);
                        }
                    }
                }
            }
        } finally {
            // the kernel reads these through pointers held in native memory only: without the fence the collector
            // may free them (Memory's cleaner) while sendmsg runs — seen as EFAULT under load, and worse than that
            // when the freed memory is reused meanwhile
            Reference.reachabilityFence(buffer);
            Reference.reachabilityFence(iov);
            Reference.reachabilityFence(control);
            Reference.reachabilityFence(header);
        }
    }

    /**
     * Waits for the next message; {@code null} when the peer closed the connection. A message that was cut (longer
     * than {@link #MAX_MESSAGE}, or with more than {@link #MAX_FDS} descriptors) is an error: its descriptors are
     * closed.
     */
    public Message receive() throws IOException {
        Memory buffer = new Memory(MAX_MESSAGE);
        Memory iov = new Memory(IOVEC_SIZE);
        iov.setPointer(0, buffer);
        iov.setLong(8, MAX_MESSAGE);
        Memory control = new Memory(CMSG_HEADER + align(4 * MAX_FDS));
        Memory header = new Memory(MSGHDR_SIZE);
        long received;
        while (true) {
            header.clear();
            control.clear();
            header.setPointer(16, iov);
            header.setLong(24, 1);
            header.setPointer(32, control);
            header.setLong(40, control.size());
            try {
                received = SocketCalls.INSTANCE.recvmsg(fd, header, SocketCalls.MSG_CMSG_CLOEXEC);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != SocketCalls.EINTR) {
                    throw new IOException("recvmsg: errno " + e.getErrorCode(), e);
                }
            }
        }
        Reference.reachabilityFence(iov); // as in send: the kernel wrote through a pointer only native memory held
        int[] fds = descriptors(header, control);
        int flags = header.getInt(48);
        if ((flags & (SocketCalls.MSG_TRUNC | SocketCalls.MSG_CTRUNC)) != 0) {
            Arrays.stream(fds).forEach(UnixSocket::quietClose);
            throw new TruncatedMessageException("a message over the limits was cut (flags "
                    + Integer.toHexString(flags) + ")");
        }
        if (received == 0) {
            Arrays.stream(fds).forEach(UnixSocket::quietClose);
            return null;
        }
        return new Message(buffer.getByteArray(0, (int) received), fds);
    }

    private static int[] descriptors(Memory header, Memory control) {
        long length = header.getLong(40);
        if (length < CMSG_HEADER) {
            return new int[0];
        }
        Pointer c = control;
        long cmsgLength = c.getLong(0);
        if (c.getInt(8) != SocketCalls.SOL_SOCKET || c.getInt(12) != SocketCalls.SCM_RIGHTS
                || cmsgLength < CMSG_HEADER || cmsgLength > control.size()) {
            return new int[0];
        }
        int n = (int) ((cmsgLength - CMSG_HEADER) / 4);
        int[] fds = new int[n];
        for (int i = 0; i < n; i++) {
            fds[i] = c.getInt(CMSG_HEADER + 4L * i);
        }
        return fds;
    }

    private static int align(int n) {
        return (n + 7) & ~7;
    }

    /** Ends the connection in both directions (a receiver sees the end) and closes the descriptor. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                SocketCalls.INSTANCE.shutdown(fd, SocketCalls.SHUT_RDWR);
            } catch (LastErrorException ignored) {
                // already disconnected
            }
            quietClose(fd);
        }
    }

    /** close(2), ignoring errors. */
    public static void quietClose(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            SocketCalls.INSTANCE.close(fd);
        } catch (LastErrorException ignored) {
            // already closed
        }
    }
}
