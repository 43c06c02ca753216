package io.openwinrm.psrp.message;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.clixml.PsVersion;
import java.util.Objects;

/**
 * SESSION_CAPABILITY ([MS-PSRP] 2.2.2.1), sent by both sides first. Windows PowerShell 5.1 sends protocol 2.3,
 * PSVersion 2.0, serialization 1.1.0.1.
 *
 * @param timeZone the client's optional {@code TimeZone} member (a binary-serialized .NET object), or null
 */
public record SessionCapability(PsVersion protocolVersion, PsVersion psVersion, PsVersion serializationVersion,
        PsValue timeZone) implements MessageBody {

    /** What Windows PowerShell 5.1 announces. */
    public static final SessionCapability WINDOWS_POWERSHELL_5_1 = new SessionCapability(PsVersion.of(2, 3),
            PsVersion.of(2, 0), new PsVersion(1, 1, 0, 1), null);

    public SessionCapability {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(psVersion, "psVersion");
        Objects.requireNonNull(serializationVersion, "serializationVersion");
    }

    /**
     * Checks that a peer's capability can be served: protocol version 2.x and serialization version 1.x, as the
     * Windows plug-in requires ([MS-PSRP] 3.2.5.4.1; PowerShell clients send 2.1 - 2.4 and 1.1.0.1).
     *
     * @return this
     * @throws PsrpException {@link PsrpError#UNSUPPORTED_VERSION} otherwise
     */
    public SessionCapability requireCompatible() {
        if (protocolVersion.major() != 2 || serializationVersion.major() != 1) {
            throw new PsrpException(PsrpError.UNSUPPORTED_VERSION, "unsupported PSRP peer: protocol version "
                    + protocolVersion + " (2.x needed), serialization version " + serializationVersion
                    + " (1.x needed)");
        }
        return this;
    }

    @Override
    public int typeCode() {
        return MessageType.SESSION_CAPABILITY.code();
    }
}
