/**
 * Inter-process plumbing of the privilege-separated server: connected {@code AF_UNIX} sequenced-packet sockets that
 * carry file descriptors ({@link io.openwinrm.os.ipc.UnixSocket}, unix(7), cmsg(3)), and pipes and streams over raw
 * descriptors ({@link io.openwinrm.os.ipc.Pipes}).
 */
package io.openwinrm.os.ipc;
