package io.openwinrm.server.psrp;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.wsman.OptionSet;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code protocolversion} option of a PowerShell Create or Connect ([MS-PSRP] 3.1.5.3.1, 3.2.5.3.2): the client
 * names the PSRP version it speaks; this server, like the Windows plug-in, serves any 2.x. Missing is 0x80540BC7,
 * anything else 0x80540BC5 with the {@code PSProtocolVersionError} text.
 */
final class ProtocolVersionOption {

    /** The option's name. */
    static final String NAME = "protocolversion";
    /** What this server announces in a protocol-version error. */
    static final String SERVER_VERSION = "2.3";

    private static final Pattern VERSION = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})(?:\\.\\d{1,9}){0,2}");

    private ProtocolVersionOption() {
    }

    /**
     * @return the client's version text
     * @throws WsmanFaultException {@link FaultKind#PSRP_PROTOCOL_VERSION_MISSING} or
     *                             {@link FaultKind#PSRP_PROTOCOL_VERSION_MISMATCH}
     */
    static String require(OptionSet options) {
        Optional<String> value = options.get(NAME).map(String::strip);
        if (value.isEmpty()) {
            throw new WsmanFaultException(FaultKind.PSRP_PROTOCOL_VERSION_MISSING);
        }
        Matcher m = VERSION.matcher(value.get());
        if (!m.matches() || !m.group(1).equals("2")) {
            String shown = value.get().length() > 20 ? value.get().substring(0, 20) + "..." : value.get();
            throw new WsmanFaultException(FaultKind.PSRP_PROTOCOL_VERSION_MISMATCH,
                    FaultKind.PSRP_PROTOCOL_VERSION_MISMATCH.defaultMessage() + "<PSProtocolVersionError "
                            + "ServerProtocolVersion=\"" + SERVER_VERSION + "\" ClientProtocolVersion=\""
                            + shown.replaceAll("[^0-9A-Za-z.]", "?") + "\" /> ");
        }
        return value.get();
    }
}
