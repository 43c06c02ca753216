/**
 * NTLMv2 ([MS-NLMP]) for WinRM's {@code Negotiate} scheme: the three messages and their codec
 * ({@link io.openwinrm.auth.ntlm.NtlmMessageCodec}, [MS-NLMP] 2.2.1), the NTLMv2 crypto
 * ({@link io.openwinrm.auth.ntlm.NtlmCrypto}, 3.3.2 and 3.4), the acceptor ({@link io.openwinrm.auth.ntlm.NtlmAcceptor},
 * 3.2.5) and initiator ({@link io.openwinrm.auth.ntlm.NtlmInitiator}, 3.1.5), and the session security
 * ({@link io.openwinrm.auth.ntlm.NtlmSessionSecurity}, 3.4.4 with extended session security, key exchange and
 * 128-bit keys) that seals WinRM message bodies ([MS-WSMV] 2.2.9.1).
 *
 * <p>Only NTLMv2 is implemented; NTLMv1 and LM responses, anonymous sessions and 40/56-bit sealing are refused.
 * Decoders treat every input as hostile: any bad offset, length or structure becomes a
 * {@link io.openwinrm.auth.ntlm.MalformedNtlmMessageException}.
 */
package io.openwinrm.auth.ntlm;
