package io.openwinrm.os;

import com.sun.jna.LastErrorException;
import io.openwinrm.server.identity.OsIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The master side of a new pseudo-terminal (posix_openpt(3), grantpt, unlockpt, ptsname_r; window size with
 * {@code TIOCSWINSZ}, tty_ioctl(4)). Reads go through poll(2) with a short timeout so that {@link #close()} never
 * races a read blocked on the descriptor; the descriptor is closed exactly once, by the reader or by close, never
 * while a write or ioctl is using it. Thread-safe: one reader, any number of writers.
 */
public final class PtyMaster {

    private static final int POLL_MILLIS = 200;

    private final int fd;
    private final Path slave;
    private final Object io = new Object();
    // guarded by io
    private boolean fdClosed;
    private volatile boolean closing;

    private PtyMaster(int fd, Path slave) {
        this.fd = fd;
        this.slave = slave;
    }

    /** Allocates a terminal of {@code columns} x {@code rows}. */
    static PtyMaster open(int columns, int rows) throws IOException {
        int fd;
        try {
            fd = LibC.INSTANCE.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("posix_openpt failed: errno " + e.getErrorCode(), e);
        }
        PtyMaster master = null;
        try {
            LibC.INSTANCE.grantpt(fd);
            LibC.INSTANCE.unlockpt(fd);
            byte[] name = new byte[128];
            int error = LibC.INSTANCE.ptsname_r(fd, name, name.length);
            if (error != 0) {
                throw new IOException("ptsname_r failed: errno " + error);
            }
            int length = 0;
            while (length < name.length && name[length] != 0) {
                length++;
            }
            master = new PtyMaster(fd, Path.of(new String(name, 0, length, StandardCharsets.US_ASCII)));
            if (!master.resize(columns, rows)) {
                throw new IOException("TIOCSWINSZ failed on " + master.slave);
            }
            return master;
        } catch (LastErrorException e) {
            LibC.INSTANCE.close(fd);
            throw new IOException("pseudo-terminal setup failed: errno " + e.getErrorCode(), e);
        } catch (IOException e) {
            LibC.INSTANCE.close(fd);
            throw e;
        }
    }

    /**
     * Takes over the master descriptor of a terminal another process allocated (a privilege-separated server's
     * monitor): reads, writes, window size and close as for one opened here.
     */
    public static PtyMaster adopt(int fd) {
        return new PtyMaster(fd, Path.of("/dev/pts/?"));
    }

    /** The master descriptor (owned by this object). */
    int descriptor() {
        return fd;
    }

    /** The slave device, {@code /dev/pts/N}. */
    Path slave() {
        return slave;
    }

    /**
     * Hands the slave to the account that will run on it, as login(1) does: owner the account, group {@code tty}
     * (the account's primary group where there is none), mode 0620, so that {@code tty}, {@code sudo} and re-opening
     * {@code /dev/tty} work for it and only {@code write(1)}-style group members can write to it.
     */
    void grantTo(OsIdentity account) throws IOException {
        int group = PosixAccounts.groupId("tty").orElse(account.gid());
        try {
            LibC.INSTANCE.chown(slave.toString(), account.uid(), group);
            LibC.INSTANCE.chmod(slave.toString(), 0620);
        } catch (LastErrorException e) {
            throw new IOException("cannot hand " + slave + " to " + account.name() + ": errno " + e.getErrorCode(), e);
        }
    }

    /** Sets the window size; the kernel signals SIGWINCH to the terminal's foreground process group. */
    public boolean resize(int columns, int rows) {
        synchronized (io) {
            if (fdClosed) {
                return false;
            }
            try {
                LibC.INSTANCE.ioctl(fd, LibC.TIOCSWINSZ, new short[] {(short) rows, (short) columns, 0, 0});
                return true;
            } catch (LastErrorException e) {
                return false;
            }
        }
    }

    /** Asks the reader to stop at its next poll; the descriptor is closed then (or now if no read is under way). */
    public void close() {
        closing = true;
    }

    /** Terminal output: ends at EIO (every slave descriptor closed) or after {@link #close()}. */
    public InputStream input() {
        return new InputStream() {
            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] into, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                LibC.PollFd[] poll = (LibC.PollFd[]) new LibC.PollFd().toArray(1);
                byte[] chunk = new byte[len];
                while (!closing) {
                    poll[0].fd = fd;
                    poll[0].events = LibC.POLLIN;
                    poll[0].revents = 0;
                    try {
                        if (LibC.INSTANCE.poll(poll, 1, POLL_MILLIS) == 0) {
                            continue;
                        }
                        long n = LibC.INSTANCE.read(fd, chunk, len);
                        if (n <= 0) {
                            break;
                        }
                        System.arraycopy(chunk, 0, into, off, (int) n);
                        return (int) n;
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() == LibC.EINTR || e.getErrorCode() == LibC.EAGAIN) {
                            continue;
                        }
                        break; // EIO: the slave side is closed by everybody
                    }
                }
                closeFd();
                return -1;
            }

            @Override
            public void close() {
                closing = true;
                closeFd();
            }
        };
    }

    /** Keystrokes. {@code close()} does nothing: closing the master would hang up the terminal. */
    public OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int off, int len) throws IOException {
                byte[] rest = off == 0 && len == data.length ? data : Arrays.copyOfRange(data, off, off + len);
                synchronized (io) {
                    while (rest.length > 0) {
                        if (fdClosed) {
                            throw new IOException("terminal closed");
                        }
                        long n;
                        try {
                            n = LibC.INSTANCE.write(fd, rest, rest.length);
                        } catch (LastErrorException e) {
                            if (e.getErrorCode() == LibC.EINTR) {
                                continue;
                            }
                            throw new IOException("write to terminal failed: errno " + e.getErrorCode(), e);
                        }
                        rest = Arrays.copyOfRange(rest, (int) n, rest.length);
                    }
                }
            }

            @Override
            public void close() {
                // End of stdin does not hang the terminal up.
            }
        };
    }

    private void closeFd() {
        synchronized (io) {
            if (!fdClosed) {
                fdClosed = true;
                LibC.INSTANCE.close(fd);
            }
        }
    }
}
