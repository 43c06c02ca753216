package io.openwinrm.transport.server;

import io.netty.handler.codec.http.FullHttpRequest;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.SecurityContext;

/**
 * A request that passed authentication, with its whole body, passed from {@link BodyAggregator} through {@link
 * MessageEncryptionHandler} to {@link DispatchHandler}, which releases it.
 *
 * @param request         the aggregated request
 * @param user            the user, or {@code null} for an unauthenticated Identify
 * @param wwwAuthenticate a final {@code WWW-Authenticate} value for the reply (mutual authentication), or
 *                        {@code null}
 * @param securityContext the connection's sealing context (connection-bound schemes), or {@code null}
 * @param connectionBound {@code true} when the user comes from a connection-bound scheme (NTLM, Kerberos)
 */
record AuthenticatedRequest(FullHttpRequest request, AuthenticatedUser user, String wwwAuthenticate,
                            SecurityContext securityContext, boolean connectionBound) {

    AuthenticatedRequest withRequest(FullHttpRequest replacement) {
        return new AuthenticatedRequest(replacement, user, wwwAuthenticate, securityContext, connectionBound);
    }
}
