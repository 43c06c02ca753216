/**
 * Authentication service provider interface, in three layers (the Apache MINA SSHD shape):
 * an {@link io.openwinrm.auth.spi.AuthMechanismFactory} names an HTTP authentication scheme and creates one
 * {@link io.openwinrm.auth.spi.AuthMechanism} per connection; the mechanism steps through the legs of its
 * handshake and answers each leg with a sealed {@link io.openwinrm.auth.spi.AuthStep}; pluggable policies such
 * as {@link io.openwinrm.auth.spi.PasswordAuthenticator} decide who is let in.
 *
 * <p>Nothing here knows HTTP or Netty: the transport decodes the {@code Authorization} header
 * ([MS-WSMV] 2.2.9, RFC 7235 section 4.2) into a scheme and a token, and encodes {@link
 * io.openwinrm.auth.spi.AuthStep.Continue} tokens into {@code WWW-Authenticate} headers.
 */
package io.openwinrm.auth.spi;
