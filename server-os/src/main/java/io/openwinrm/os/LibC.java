package io.openwinrm.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few libc functions the server needs (signals, FIFOs, pseudo-terminals, file ownership, the passwd and group
 * databases), bound with JNA interface mapping. Sizes assume an LP64 Linux ({@code size_t}, {@code ssize_t} and {@code unsigned long} are
 * Java {@code long}).
 */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    /** errno: no such process or process group. */
    int ESRCH = 3;
    /** errno: interrupted system call. */
    int EINTR = 4;
    /** errno: I/O error (a pseudo-terminal master whose slave side is closed by everybody). */
    int EIO = 5;
    /** errno: try again (non-blocking I/O). */
    int EAGAIN = 11;

    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_RDWR = 2;
    int O_NOCTTY = 0400;
    int O_NONBLOCK = 04000;
    int O_CLOEXEC = 02000000;

    /** ioctl(2) request: set the window size of a terminal (asm-generic/ioctls.h). */
    long TIOCSWINSZ = 0x5414;

    short POLLIN = 0x001;

    /** kill(2); a negative {@code pid} addresses the process group {@code -pid}. */
    int kill(int pid, int signal) throws LastErrorException;

    int mkfifo(String path, int mode) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    long read(int fd, byte[] buffer, long count) throws LastErrorException;

    long write(int fd, byte[] buffer, long count) throws LastErrorException;

    int poll(PollFd[] fds, long nfds, int timeoutMillis) throws LastErrorException;

    int posix_openpt(int flags) throws LastErrorException;

    int grantpt(int fd) throws LastErrorException;

    int unlockpt(int fd) throws LastErrorException;

    /** Returns an error number (not -1 with errno). */
    int ptsname_r(int fd, byte[] buffer, long length);

    /** {@code ioctl(fd, TIOCSWINSZ, struct winsize *)}: {@code winsize} is ws_row, ws_col, ws_xpixel, ws_ypixel. */
    int ioctl(int fd, long request, short[] winsize) throws LastErrorException;

    int geteuid();

    /** errno: result too large (a getpw*_r/getgr*_r buffer too small). */
    int ERANGE = 34;

    /** Reentrant getpwnam(3): returns an error number; {@code result} is null when there is no such user. */
    int getpwnam_r(String name, Passwd pwd, Pointer buffer, long length, PointerByReference result);

    /** Reentrant getpwuid(3), as {@link #getpwnam_r}. */
    int getpwuid_r(int uid, Passwd pwd, Pointer buffer, long length, PointerByReference result);

    /** Reentrant getgrgid(3), as {@link #getpwnam_r}. */
    int getgrgid_r(int gid, Group grp, Pointer buffer, long length, PointerByReference result);

    /** Reentrant getgrnam(3), as {@link #getpwnam_r}. */
    int getgrnam_r(String name, Group grp, Pointer buffer, long length, PointerByReference result);

    /** getgrouplist(3): -1 when {@code groups} is too small ({@code count} is then the size needed). */
    int getgrouplist(String user, int group, int[] groups, IntByReference count);

    int chown(String path, int uid, int gid) throws LastErrorException;

    int chmod(String path, int mode) throws LastErrorException;

    /** Not thread-safe: callers serialize on {@link Passwd#LOCK}. Null if there is no such user. */
    Passwd getpwnam(String name);

    /** Not thread-safe: callers serialize on {@link Passwd#LOCK}. Null if there is no such user. */
    Passwd getpwuid(int uid);

    /** {@code struct group} (glibc, Linux). */
    @Structure.FieldOrder({"gr_name", "gr_passwd", "gr_gid", "gr_mem"})
    final class Group extends Structure {
        public String gr_name;
        public String gr_passwd;
        public int gr_gid;
        public Pointer gr_mem;
    }

    /** {@code struct pollfd}. */
    @Structure.FieldOrder({"fd", "events", "revents"})
    final class PollFd extends Structure {
        public int fd;
        public short events;
        public short revents;
    }

    /** {@code struct passwd} (glibc, Linux). */
    @Structure.FieldOrder({"pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos", "pw_dir", "pw_shell"})
    final class Passwd extends Structure {
        /** Serializes the non-reentrant getpw* calls of this process. */
        static final Object LOCK = new Object();

        public String pw_name;
        public String pw_passwd;
        public int pw_uid;
        public int pw_gid;
        public String pw_gecos;
        public String pw_dir;
        public String pw_shell;
    }
}
