package io.openwinrm.auth.negotiate;

import io.openwinrm.auth.ntlm.CbtHardening;
import io.openwinrm.auth.ntlm.NtHashLookup;
import io.openwinrm.auth.ntlm.NtlmAcceptorSettings;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import java.util.Objects;

/**
 * The legacy {@code NTLM} scheme: raw NTLMSSP tokens only. WinRM itself does not advertise it, and requests_ntlm
 * prefers it when advertised (winrm-wire.md 5.1), so enable it only for clients that need it. Immutable and
 * shared.
 */
public final class NtlmMechanismFactory implements AuthMechanismFactory {

    public static final String SCHEME = "NTLM";

    private final NtlmAcceptorSettings settings;

    public NtlmMechanismFactory(NtlmAcceptorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public static NtlmMechanismFactory of(NtHashLookup accounts, String serverName, CbtHardening cbt) {
        return new NtlmMechanismFactory(NtlmAcceptorSettings.of(accounts, serverName, cbt));
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
        return new NegotiateMechanism(settings, false);
    }

    /**
     * Accepted but not advertised: Windows offers only {@code Negotiate}, and requests_ntlm prefers {@code NTLM}
     * whenever a server lists it (winrm-wire.md 5.1).
     */
    @Override
    public String challenge() {
        return null;
    }
}
