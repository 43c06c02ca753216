/**
 * WinRM's {@code Negotiate} and {@code NTLM} HTTP authentication schemes ([MS-WSMV] 2.2.9, [MS-SPNG],
 * winrm-wire.md 5.2) on top of the NTLM acceptor: {@link io.openwinrm.auth.negotiate.NegotiateMechanismFactory}
 * detects the token framing (raw NTLMSSP as pywinrm/requests_ntlm, Go and winrm4j send it, or SPNEGO as
 * pypsrp/pyspnego send it) and answers in the same framing; {@link io.openwinrm.auth.negotiate.NegotiateInitiator}
 * is the client-side counterpart. Kerberos is not implemented yet and is refused with a clear reason.
 */
package io.openwinrm.auth.negotiate;
