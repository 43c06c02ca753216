package io.openwinrm.auth.ntlm;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link NtlmInitiator} needs.
 *
 * @param credentials          who logs on
 * @param workstation          the Workstation field (may be empty)
 * @param tlsServerEndPoint    the RFC 5929 tls-server-end-point hash of the server certificate on HTTPS; when
 *                             present the AUTHENTICATE carries MsvAvChannelBindings
 * @param servicePrincipalName MsvAvTargetName, e.g. {@code HTTP/host} (optional)
 * @param clock                time for the NTLMv2 blob when the server sent no MsvAvTimestamp
 * @param random               source of the client challenge and the random session key
 */
public record NtlmInitiatorSettings(NtlmCredentials credentials, String workstation,
                                    Optional<byte[]> tlsServerEndPoint, Optional<String> servicePrincipalName,
                                    Clock clock, SecureRandom random) {

    public NtlmInitiatorSettings {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(workstation, "workstation");
        tlsServerEndPoint = tlsServerEndPoint.map(byte[]::clone);
        Objects.requireNonNull(servicePrincipalName, "servicePrincipalName");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }

    public static NtlmInitiatorSettings of(NtlmCredentials credentials) {
        return new NtlmInitiatorSettings(credentials, "", Optional.empty(), Optional.empty(), Clock.systemUTC(),
                new SecureRandom());
    }

    /** A copy with the server certificate's tls-server-end-point hash. */
    public NtlmInitiatorSettings withTlsServerEndPoint(byte[] hash) {
        return new NtlmInitiatorSettings(credentials, workstation, Optional.of(hash), servicePrincipalName, clock,
                random);
    }

    @Override
    public Optional<byte[]> tlsServerEndPoint() {
        return tlsServerEndPoint.map(byte[]::clone);
    }
}
