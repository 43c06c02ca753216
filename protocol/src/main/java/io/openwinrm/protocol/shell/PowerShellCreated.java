package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.Objects;

/**
 * The Create response of a PowerShell shell ([MS-WSMV] 3.1.4.5.2 as [MS-PSRP] 3.1.5.3.1 uses it):
 * {@code x:ResourceCreated} (EPR with the ResourceURI and the client's ShellId selector) then the full
 * {@code rsp:Shell}, in the element order Windows writes (vector {@code psrp-create.response.xml}: ShellId,
 * ResourceUri, Owner, ClientIP, ProcessId, IdleTimeOut, InputStreams, OutputStreams, MaxIdleTimeOut, Locale,
 * DataLocale, CompressionMode, ProfileLoaded, Encoding, BufferMode, State, ShellRunTime, ShellInactivity).
 *
 * @param address {@code a:Address} of the EPR (the listener URL)
 * @param shell   the shell as a Get would describe it
 */
public record PowerShellCreated(String address, ShellInfo shell) implements Body {

    public PowerShellCreated {
        Objects.requireNonNull(shell, "shell");
    }
}
