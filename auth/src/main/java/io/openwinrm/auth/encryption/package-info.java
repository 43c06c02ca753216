/**
 * WinRM HTTP message encryption ([MS-WSMV] 2.2.9.1): the {@code multipart/encrypted} (and, for CredSSP,
 * {@code multipart/x-multi-encrypted}) body that carries a SOAP message sealed with an established
 * {@link io.openwinrm.auth.spi.SecurityContext} (NTLM [MS-NLMP] 3.4.4, Kerberos RFC 4121 4.2.4, CredSSP TLS).
 *
 * <p>{@link io.openwinrm.auth.encryption.EncryptedMessageCodec} frames and unframes bodies; it knows nothing about
 * HTTP or Netty and never sees key material, only the context's {@code wrap}/{@code unwrap}. Errors are typed
 * ({@link io.openwinrm.auth.encryption.EncryptedMessageException.Reason}) and never carry message contents.
 */
package io.openwinrm.auth.encryption;
