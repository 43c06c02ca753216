package io.openwinrm.auth.negotiate;

import io.openwinrm.auth.ntlm.CbtHardening;
import io.openwinrm.auth.ntlm.NtHashLookup;
import io.openwinrm.auth.ntlm.NtlmAcceptorSettings;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import java.util.Objects;

/**
 * The {@code Negotiate} scheme ([MS-WSMV] 2.2.9; RFC 4559): NTLM in raw NTLMSSP or SPNEGO framing, answered in the
 * framing the client used. Connection-bound, and allowed on plain HTTP because the messages are then sealed
 * ([MS-WSMV] 2.2.9.1). Immutable and shared.
 */
public final class NegotiateMechanismFactory implements AuthMechanismFactory {

    public static final String SCHEME = "Negotiate";

    private final NtlmAcceptorSettings settings;

    public NegotiateMechanismFactory(NtlmAcceptorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** With the default clock and random and no clock-skew limit. */
    public static NegotiateMechanismFactory of(NtHashLookup accounts, String serverName, CbtHardening cbt) {
        return new NegotiateMechanismFactory(NtlmAcceptorSettings.of(accounts, serverName, cbt));
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public boolean allowedOnInsecureChannel() {
        return true;
    }

    @Override
    public boolean connectionBound() {
        return true;
    }

    @Override
    public AuthMechanism create() {
        return new NegotiateMechanism(settings, true);
    }
}
