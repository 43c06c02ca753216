package io.openwinrm.protocol.shell;

import java.util.Objects;

/**
 * OpenWinRM extension of {@code rsp:Shell}: how many bytes of one output stream of one command were discarded while
 * the shell was disconnected in {@link BufferMode#DROP} mode. Written as
 * {@code <ow:DroppedOutput xmlns:ow="urn:openwinrm:shell:1" CommandId="…" Stream="stdout">1234</ow:DroppedOutput>}
 * after the Windows elements ([MS-WSMV] 2.2.4.37 allows additional content); Windows clients skip it.
 *
 * @param commandId the command's id
 * @param stream    {@code stdout} or {@code stderr}
 * @param bytes     bytes discarded so far (after codepage conversion), positive
 */
public record DroppedOutput(String commandId, String stream, long bytes) {
    public DroppedOutput {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(stream, "stream");
        if (bytes < 0) {
            throw new IllegalArgumentException("negative byte count: " + bytes);
        }
    }
}
