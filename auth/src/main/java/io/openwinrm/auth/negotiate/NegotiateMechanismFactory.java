package io.openwinrm.auth.negotiate;

import io.openwinrm.auth.kerberos.KerberosSupport;
import io.openwinrm.auth.ntlm.CbtHardening;
import io.openwinrm.auth.ntlm.NtHashLookup;
import io.openwinrm.auth.ntlm.NtlmAcceptorSettings;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.ConnectionHandshakeFactory;
import java.util.Objects;
import java.util.Optional;

/**
 * The NTLM-bearing HTTP schemes. Both are connection-bound, and allowed on plain HTTP because the messages are then
 * sealed ([MS-WSMV] 2.2.9.1). Immutable and shared.
 * <ul>
 *   <li>{@link #negotiate} — {@code Negotiate} ([MS-WSMV] 2.2.9; RFC 4559): NTLM in raw NTLMSSP or SPNEGO framing,
 *       answered in the framing the client used;</li>
 *   <li>{@link #ntlm} — the legacy {@code NTLM} scheme, raw NTLMSSP only; accepted but not advertised: Windows offers
 *       only {@code Negotiate}, and requests_ntlm prefers {@code NTLM} whenever a server lists it
 *       (winrm-wire.md 5.1).</li>
 * </ul>
 */
public final class NegotiateMechanismFactory implements ConnectionHandshakeFactory {

    public static final String NEGOTIATE = "Negotiate";
    public static final String NTLM = "NTLM";

    private final NtlmAcceptorSettings settings;
    private final Optional<KerberosSupport> kerberos;
    private final String scheme;
    private final boolean spnego;

    private NegotiateMechanismFactory(NtlmAcceptorSettings settings, Optional<KerberosSupport> kerberos,
                                      String scheme, boolean spnego) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.kerberos = Objects.requireNonNull(kerberos, "kerberos");
        this.scheme = scheme;
        this.spnego = spnego;
    }

    /** The {@code Negotiate} scheme, NTLM only. */
    public static NegotiateMechanismFactory negotiate(NtlmAcceptorSettings settings) {
        return negotiate(settings, Optional.empty());
    }

    /** The {@code Negotiate} scheme: Kerberos (raw or in SPNEGO) when {@code kerberos} is given, and NTLM. */
    public static NegotiateMechanismFactory negotiate(NtlmAcceptorSettings settings,
                                                      Optional<KerberosSupport> kerberos) {
        return new NegotiateMechanismFactory(settings, kerberos, NEGOTIATE, true);
    }

    /** The plain {@code NTLM} scheme (raw NTLMSSP only, not advertised). */
    public static NegotiateMechanismFactory ntlm(NtlmAcceptorSettings settings) {
        return new NegotiateMechanismFactory(settings, Optional.empty(), NTLM, false);
    }

    /** {@link #negotiate} with the default clock and random and no clock-skew limit. */
    public static NegotiateMechanismFactory of(NtHashLookup accounts, String serverName, CbtHardening cbt) {
        return negotiate(NtlmAcceptorSettings.of(accounts, serverName, cbt));
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String challenge() {
        return spnego ? scheme : null;
    }

    @Override
    public AuthMechanism create() {
        return new NegotiateMechanism(settings, kerberos, spnego);
    }
}
