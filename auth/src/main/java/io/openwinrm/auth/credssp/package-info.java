/**
 * The {@code CredSSP} HTTP scheme, server side ([MS-CSSP]; [MS-WSMV] 2.2.9 and 2.2.9.1.3), in two halves:
 * {@link io.openwinrm.auth.credssp.CredSspMechanismFactory} runs the TLS session carried in the HTTP tokens
 * ({@link io.openwinrm.auth.credssp.InnerTls}, 3.1.5 step 1) and afterwards seals the messages with it;
 * {@link io.openwinrm.auth.credssp.CredSspAcceptor} handles the TSRequests inside — SPNEGO/NTLM, the public-key
 * binding, and the delegated password ({@link io.openwinrm.auth.credssp.TsPasswordCredentials}) judged by a
 * {@link io.openwinrm.auth.credssp.CredSspCredentialCheck} (steps 2 to 5). One process runs both; a
 * privilege-separated server runs the first on its network side and the second in its monitor.
 * {@link io.openwinrm.auth.credssp.CredSspCodec} is the strict DER codec of TSRequest and TSCredentials.
 */
package io.openwinrm.auth.credssp;
