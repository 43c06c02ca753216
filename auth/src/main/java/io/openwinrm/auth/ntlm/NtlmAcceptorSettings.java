package io.openwinrm.auth.ntlm;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link NtlmAcceptor} needs; immutable and shared by all connections.
 *
 * <p><b>Domains.</b> The acceptor serves local accounts only and accepts whatever DomainName the client sends
 * (empty, {@code .}, the server name, a workgroup): NTOWFv2 mixes the domain the client used into the proof, so
 * the check is still exact, and the reported user carries no domain. This matches what Windows does for local
 * accounts with a non-domain target.
 *
 * @param accounts     NT-hash look-up of the accounts that may log on
 * @param serverName   the host name; its first label, upper-cased and cut to 15 characters, is the NetBIOS
 *                     computer and domain name and the TargetName; the whole name is MsvAvDnsComputerName
 * @param cbtHardening channel-binding policy
 * @param maxClockSkew when present, an NTLMv2 blob whose timestamp differs more than this from now is refused
 * @param clock        the time source for MsvAvTimestamp and the skew check
 * @param random       source of server challenges
 */
public record NtlmAcceptorSettings(NtHashLookup accounts, String serverName, CbtHardening cbtHardening,
                                   Optional<Duration> maxClockSkew, Clock clock, SecureRandom random) {

    public NtlmAcceptorSettings {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(cbtHardening, "cbtHardening");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        if (serverName.isBlank() || serverName.startsWith(".")) {
            throw new IllegalArgumentException("server name must be a host name");
        }
    }

    /** Default clock and random, no skew limit. */
    public static NtlmAcceptorSettings of(NtHashLookup accounts, String serverName, CbtHardening cbtHardening) {
        return new NtlmAcceptorSettings(accounts, serverName, cbtHardening, Optional.empty(), Clock.systemUTC(),
                new SecureRandom());
    }

    /** NetBIOS form of the server name (MsvAvNbComputerName, MsvAvNbDomainName, TargetName). */
    public String netbiosName() {
        String first = serverName.split("\\.", 2)[0].toUpperCase(Locale.ROOT);
        return first.length() > 15 ? first.substring(0, 15) : first;
    }

    /** MsvAvDnsDomainName: what follows the first dot, or the whole name for a single-label host. */
    public String dnsDomainName() {
        int dot = serverName.indexOf('.');
        return dot < 0 ? serverName : serverName.substring(dot + 1);
    }
}
