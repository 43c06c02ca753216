package io.openwinrm.server.dispatch;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.endpoint.Endpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * What a handler knows about the request beyond its body: the validated header, who sent it, and the effective limits
 * negotiated from the request headers and the service configuration.
 *
 * @param header           the request header as decoded
 * @param user             the authenticated user
 * @param remote           the client's address
 * @param secure           whether the request came over TLS
 * @param operationTimeout the effective OperationTimeout: the client's value, capped by MaxTimeoutms
 * @param maxEnvelopeSize  the effective MaxEnvelopeSize in bytes: the client's value, capped by the service's
 * @param caller           who the user is on this host
 * @param endpoint         the endpoint the ResourceURI selects (empty for the generic shell resource, or a shell whose
 *                         endpoint was unregistered meanwhile)
 */
public record RequestContext(Header header, AuthenticatedUser user, InetSocketAddress remote, boolean secure,
        Duration operationTimeout, long maxEnvelopeSize, Caller caller, Optional<Endpoint> endpoint) {

    /** This context for {@code value} on {@code where}. */
    public RequestContext with(Caller value, Optional<Endpoint> where) {
        return new RequestContext(header, user, remote, secure, operationTimeout, maxEnvelopeSize, value, where);
    }

    /** The owner under which shells are kept: shells of one user are invisible to every other. */
    public String owner() {
        return user.name();
    }

    /** The client's address as {@code rsp:ClientIP} reports it, or null when it is not an IP address. */
    public String clientIp() {
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }

    /**
     * How long an operation may hold its reply before answering with the TimedOut fault (a long-poll Receive without
     * output, a Send waiting for room in a command's input): a little less than the OperationTimeout, so the fault
     * reaches clients whose HTTP read timeout equals their OperationTimeout (the Go client) before they give up.
     */
    public Duration replyWait() {
        long ms = operationTimeout.toMillis();
        long margin = Math.min(2000, ms / 10);
        return Duration.ofMillis(Math.max(100, ms - margin));
    }
}
