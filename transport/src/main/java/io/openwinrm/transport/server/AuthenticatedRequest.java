package io.openwinrm.transport.server;

import io.netty.handler.codec.http.FullHttpRequest;
import io.openwinrm.auth.spi.AuthenticatedUser;

/**
 * A request that passed authentication, passed from {@link AuthenticationHandler} to {@link DispatchHandler}, which
 * releases it.
 *
 * @param request         the aggregated request
 * @param user            the user, or {@code null} for an unauthenticated Identify
 * @param wwwAuthenticate a final {@code WWW-Authenticate} value for the reply (mutual authentication), or
 *                        {@code null}
 */
record AuthenticatedRequest(FullHttpRequest request, AuthenticatedUser user, String wwwAuthenticate) {
}
