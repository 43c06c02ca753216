package io.openwinrm.os;

/**
 * A started process whose I/O is held in raw descriptors that can be handed to another process (over a
 * {@link io.openwinrm.os.ipc.UnixSocket}): a privilege-separated server's monitor starts processes and passes these to
 * its network side, which does all the reading and writing.
 */
public interface ExportedDescriptors {

    /**
     * For pipes: {@code [stdin write end, stdout read end, stderr read end]}; under a pseudo-terminal:
     * {@code [master]}. They stay owned by this object: the caller sends them, then calls {@link #releaseDescriptors()}.
     */
    int[] descriptors();

    /** Closes this process's copies of {@link #descriptors()} (once another process holds them). Idempotent. */
    void releaseDescriptors();
}
