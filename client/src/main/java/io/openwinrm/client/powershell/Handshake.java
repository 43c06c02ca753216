package io.openwinrm.client.powershell;

import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.wsman.Option;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.PsVersion;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.message.DotNetGuid;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.psrp.message.RunspacePoolInitData;
import io.openwinrm.psrp.message.SessionCapability;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.UUID;

/**
 * The PSRP payloads that ride in WS-Man Create and Connect ([MS-PSRP] 3.1.5.3.1, 3.1.5.3.15): creationXml and
 * connectXml (SESSION_CAPABILITY, then INIT_RUNSPACEPOOL or CONNECT_RUNSPACEPOOL, as fragments in base64), the
 * {@code protocolversion} option both carry, and the reading of the server's connectResponseXml.
 */
final class Handshake {
    /** The protocol version we announce: Windows PowerShell 5.1's ([MS-PSRP] 2.2.2.1). */
    static final PsVersion PROTOCOL_VERSION = PsVersion.of(2, 3);
    static final SessionCapability CAPABILITY = new SessionCapability(PROTOCOL_VERSION, PsVersion.of(2, 0),
            new PsVersion(1, 1, 0, 1), null);

    /** What connectResponseXml says: the server's capability and, if sent, the pool's size. */
    record ConnectAnswer(SessionCapability capability, RunspacePoolInitData initData) {
    }

    private Handshake() {
    }

    /** The {@code protocolversion} option (MustComply) of Create and Connect ([MS-PSRP] 3.1.5.3.1). */
    static OptionSet protocolVersion() {
        return OptionSet.of(new Option(ShellOption.PROTOCOL_VERSION, PROTOCOL_VERSION.toString(), true));
    }

    /** Base64 of the fragments of our SESSION_CAPABILITY and then {@code second}, for pool {@code poolId}. */
    static String payload(Outbound outbound, UUID poolId, MessageBody second) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : outbound.payloads(java.util.List.of(outbound.message(CAPABILITY, poolId, DotNetGuid.NIL),
                outbound.message(second, poolId, DotNetGuid.NIL)))) {
            all.writeBytes(p);
        }
        return Base64.getEncoder().encodeToString(all.toByteArray());
    }

    /**
     * Reads connectResponseXml ([MS-PSRP] 3.1.5.3.15).
     *
     * @throws PowerShellException if it is missing, not base64, not PSRP, or holds no compatible capability
     */
    static ConnectAnswer readConnectResponse(MessageBodyCodec codec, String connectResponseXml) {
        if (connectResponseXml == null || connectResponseXml.isBlank()) {
            throw new PowerShellException("the service's ConnectResponse carries no connectResponseXml");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(connectResponseXml.strip());
        } catch (IllegalArgumentException e) {
            throw new PowerShellException("connectResponseXml is not base64: " + e.getMessage());
        }
        SessionCapability capability = null;
        RunspacePoolInitData initData = null;
        try {
            for (byte[] m : new Defragmenter().feed(bytes)) {
                MessageBody body = codec.decode(PsrpMessageCodec.decode(m));
                if (body instanceof SessionCapability c) {
                    capability = c.requireCompatible();
                } else if (body instanceof RunspacePoolInitData d) {
                    initData = d;
                }
            }
        } catch (PsrpException e) {
            throw new PowerShellException("the service's connectResponseXml is not valid PSRP: " + e.getMessage(),
                    e);
        }
        if (capability == null) {
            throw new PowerShellException("the service's connectResponseXml has no SESSION_CAPABILITY");
        }
        return new ConnectAnswer(capability, initData);
    }
}
