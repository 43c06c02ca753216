/**
 * TLS material for HTTPS listeners ([MS-WSMV] 2.1: WS-Management over HTTPS, port 5986): self-signed certificate
 * generation, PEM files, SHA-256 certificate fingerprints (for client pinning), the RFC 5929
 * {@code tls-server-end-point} channel binding, and the server's Netty {@code SslContext} (OpenSSL/BoringSSL when
 * available, TLS 1.2 and 1.3 only, optionally requesting client certificates).
 */
package io.openwinrm.transport.tls;
