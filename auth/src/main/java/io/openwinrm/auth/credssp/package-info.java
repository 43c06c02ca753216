/**
 * The {@code CredSSP} HTTP scheme, server side ([MS-CSSP]; [MS-WSMV] 2.2.9 and 2.2.9.1.3): a TLS session carried in
 * the HTTP tokens ({@link io.openwinrm.auth.credssp.InnerTls}), SPNEGO/NTLM inside it, the public-key binding, and the
 * delegated password ({@link io.openwinrm.auth.credssp.TsPasswordCredentials}) checked by a
 * {@link io.openwinrm.auth.credssp.CredSspCredentialCheck}; afterwards the TLS session encrypts the messages.
 * {@link io.openwinrm.auth.credssp.CredSspCodec} is the strict DER codec of TSRequest and TSCredentials.
 */
package io.openwinrm.auth.credssp;
