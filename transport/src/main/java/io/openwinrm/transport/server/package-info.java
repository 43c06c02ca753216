/**
 * The WS-Management HTTP/1.1 server transport on Netty ([MS-WSMV] 2.1, 2.2.4.35, 3.1.4).
 *
 * <p>Per connection the pipeline is: the {@link io.openwinrm.transport.server.IpFilterHandler} when the listener
 * has an {@link io.openwinrm.transport.server.IpFilter} (IPv4Filter / IPv6Filter: a refused address is closed at
 * accept, before TLS), the {@link io.openwinrm.transport.server.ConnectionLimitHandler} (connections in all and per
 * client address, closed at accept), optional TLS, idle timeout, the HTTP/1.1 codec ({@link
 * io.openwinrm.transport.server.RequestStartDecoder}, which also reports the first byte of each request, and
 * Netty's response encoder), {@link io.openwinrm.transport.server.HttpExchangeSequencer} (one exchange at a time,
 * keep-alive, {@code Server} header, the request read timeout: 408 and close for a request not fully arrived in
 * time), {@link io.openwinrm.transport.server.RequestGateHandler} (405/404, 413 for an oversized {@code
 * Content-Length} without reading the body, 415 for a {@code Content-Type} other than SOAP or a sealed body, before
 * authentication: the cross-site request forgery defence; chunked refused), {@link
 * io.openwinrm.transport.server.AuthenticationHandler} (judges each request from its head: nothing but the {@code
 * Authorization} header is looked at before it succeeds; a refused request or a handshake leg is answered from the
 * head and its body discarded as it arrives; reading is paused while a mechanism step runs; it keeps a
 * connection-bound scheme's security context), {@link io.openwinrm.transport.server.BodyAggregator} (gathers the
 * body of authenticated requests only, within the server's {@link io.openwinrm.transport.server.RequestBodyBudget};
 * 503 with {@code Retry-After} over it), {@link io.openwinrm.transport.server.MessageEncryptionHandler} (unseals
 * {@code multipart/encrypted} requests, seals their replies, answers the empty POST that completes authentication,
 * refuses plaintext where encryption is required), {@link io.openwinrm.transport.server.DispatchHandler} (calls the
 * application's {@link io.openwinrm.transport.server.WsmanRequestHandler}).
 *
 * <p>What an unauthenticated client can hold is bounded by {@link io.openwinrm.transport.server.TransportLimits}:
 * its connections, the time each request may take to arrive, and the bytes of body held while its credentials are
 * checked.
 *
 * <p>HTTPS listeners may also request client certificates ({@link io.openwinrm.transport.server.ClientCertificateAuth},
 * [MS-WSMV] 2.2.9 {@code https/mutual}); the RFC 5929 {@code tls-server-end-point} binding is offered to
 * mechanisms through {@link io.openwinrm.auth.spi.ConnectionInfo#tlsServerEndPoint()}.
 */
package io.openwinrm.transport.server;
