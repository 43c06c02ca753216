package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsValue;
import java.util.Objects;

/**
 * INIT_RUNSPACEPOOL ([MS-PSRP] 2.2.2.2): opens the pool after the capability exchange.
 *
 * @param applicationArguments {@code ApplicationArguments}: a PSPrimitiveDictionary or Nil, passed to the engine
 */
public record InitRunspacePool(int minRunspaces, int maxRunspaces, PsThreadOptions threadOptions,
        ApartmentState apartmentState, HostInfo hostInfo, PsValue applicationArguments) implements MessageBody {
    public InitRunspacePool {
        Objects.requireNonNull(threadOptions, "threadOptions");
        Objects.requireNonNull(apartmentState, "apartmentState");
        Objects.requireNonNull(hostInfo, "hostInfo");
        Objects.requireNonNull(applicationArguments, "applicationArguments");
    }

    @Override
    public int typeCode() {
        return MessageType.INIT_RUNSPACEPOOL.code();
    }
}
