package io.openwinrm.os.ipc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libc socket and pipe calls of {@link UnixSocket} and {@link Pipes}, bound with JNA. Sizes assume an LP64 Linux
 * ({@code size_t}/{@code ssize_t} are Java {@code long}, {@code socklen_t} an {@code int}).
 */
interface SocketCalls extends Library {

    SocketCalls INSTANCE = Native.load("c", SocketCalls.class);

    int AF_UNIX = 1;
    int SOCK_SEQPACKET = 5;
    int SOCK_CLOEXEC = 02000000;
    int SOL_SOCKET = 1;
    int SO_PEERCRED = 17;
    int SCM_RIGHTS = 1;
    int MSG_CMSG_CLOEXEC = 0x40000000;
    int MSG_TRUNC = 0x20;
    int MSG_CTRUNC = 0x08;
    int MSG_NOSIGNAL = 0x4000;
    int O_CLOEXEC = 02000000;
    int SHUT_RDWR = 2;
    int EINTR = 4;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int socketpair(int domain, int type, int protocol, int[] fds) throws LastErrorException;

    int bind(int fd, Pointer address, int length) throws LastErrorException;

    int listen(int fd, int backlog) throws LastErrorException;

    int accept4(int fd, Pointer address, Pointer length, int flags) throws LastErrorException;

    int connect(int fd, Pointer address, int length) throws LastErrorException;

    long sendmsg(int fd, Pointer message, int flags) throws LastErrorException;

    long recvmsg(int fd, Pointer message, int flags) throws LastErrorException;

    int getsockopt(int fd, int level, int name, Pointer value, Pointer length) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    int pipe2(int[] fds, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    long read(int fd, Pointer buffer, long count) throws LastErrorException;

    long write(int fd, Pointer buffer, long count) throws LastErrorException;

    int dup(int fd) throws LastErrorException;
}
