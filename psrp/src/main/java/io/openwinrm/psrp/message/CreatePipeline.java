package io.openwinrm.psrp.message;

import io.openwinrm.psrp.command.PowerShell;
import java.util.Objects;

/**
 * CREATE_PIPELINE ([MS-PSRP] 2.2.2.10): the commands to run and how. The header's PID is the new pipeline's id.
 *
 * @param noInput             {@code NoInput}: no PIPELINE_INPUT will follow
 * @param remoteStreamOptions {@code RemoteStreamOptions} flags (15 = AddInvocationInfo to all four records)
 * @param addToHistory        {@code AddToHistory}
 * @param isNested            {@code IsNested} of the message (the PowerShell object has its own)
 */
public record CreatePipeline(boolean noInput, ApartmentState apartmentState, int remoteStreamOptions,
        boolean addToHistory, HostInfo hostInfo, PowerShell powerShell, boolean isNested) implements MessageBody {
    public CreatePipeline {
        Objects.requireNonNull(apartmentState, "apartmentState");
        Objects.requireNonNull(hostInfo, "hostInfo");
        Objects.requireNonNull(powerShell, "powerShell");
    }

    /** A pipeline as pypsrp creates it without a host: no input, invocation info on, not nested. */
    public static CreatePipeline of(PowerShell powerShell) {
        return new CreatePipeline(true, ApartmentState.UNKNOWN, 15, false, HostInfo.NULL_HOST, powerShell, false);
    }

    @Override
    public int typeCode() {
        return MessageType.CREATE_PIPELINE.code();
    }
}
