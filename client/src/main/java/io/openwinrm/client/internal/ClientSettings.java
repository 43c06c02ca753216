package io.openwinrm.client.internal;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.TrustedHosts;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The immutable settings a {@link io.openwinrm.client.WinRmClient} was built with; {@code credSspHosts} are the hosts
 * CredSSP may hand the password to (AllowFreshCredentials).
 */
public record ClientSettings(Credentials credentials, Path caFile, String pinnedSha256, boolean insecure,
        Duration operationTimeout, Duration connectTimeout, int maxEnvelopeSize, boolean allowBasicOverHttp,
        TrustedHosts trustedHosts, TrustedHosts credSspHosts) {

    /** How long to wait for a reply: the operation timeout plus a margin for the network and the service. */
    public Duration readTimeout() {
        return operationTimeout.plusSeconds(30);
    }
}
