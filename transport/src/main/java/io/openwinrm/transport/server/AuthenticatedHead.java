package io.openwinrm.transport.server;

import io.netty.handler.codec.http.HttpRequest;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.SecurityContext;

/**
 * The head of a request that passed authentication, passed from {@link AuthenticationHandler} to {@link
 * BodyAggregator}; the body's {@code HttpContent}s follow it. Only such heads, and anonymous Identify, ever have
 * their bodies gathered in memory.
 *
 * @param head            the request head
 * @param user            the user, or {@code null} for an unauthenticated Identify
 * @param wwwAuthenticate a final {@code WWW-Authenticate} value for the reply (mutual authentication), or
 *                        {@code null}
 * @param securityContext the connection's sealing context (connection-bound schemes), or {@code null}
 * @param connectionBound {@code true} when the user comes from a connection-bound scheme (NTLM, Kerberos)
 */
record AuthenticatedHead(HttpRequest head, AuthenticatedUser user, String wwwAuthenticate,
                         SecurityContext securityContext, boolean connectionBound) {

    /** The request with its gathered body, for the handlers after the aggregator. */
    AuthenticatedRequest with(io.netty.handler.codec.http.FullHttpRequest request) {
        return new AuthenticatedRequest(request, user, wwwAuthenticate, securityContext, connectionBound);
    }
}
