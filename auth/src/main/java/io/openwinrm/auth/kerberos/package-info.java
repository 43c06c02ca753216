/**
 * Kerberos per-message protection for WinRM message encryption ([MS-WSMV] 2.2.9.1 with the {@code Kerberos} and
 * SPNEGO schemes): the simplified-profile crypto of RFC 3961 ({@link io.openwinrm.auth.kerberos.NFold}, key
 * derivation), the AES encryption types of RFC 3962 and RFC 8009 ({@link io.openwinrm.auth.kerberos.KerberosCipher},
 * AES-CBC with ciphertext stealing in {@link io.openwinrm.auth.kerberos.AesCts}), and the RFC 4121 wrap token
 * ({@link io.openwinrm.auth.kerberos.WrapTokenHeader}) laid out the way Windows splits it between the signature and the
 * data of an encrypted WinRM body ({@link io.openwinrm.auth.kerberos.KerberosSessionSecurity}).
 *
 * <p>The JDK's JGSS establishes the context; it cannot emit the rotated tokens Windows and MIT clients expect and its
 * context cannot leave the process that accepted it (a privilege-separated server's monitor), so the tokens are made
 * here from the context's key. Only AES encryption types exist here: RC4-HMAC and DES are refused.
 */
package io.openwinrm.auth.kerberos;
