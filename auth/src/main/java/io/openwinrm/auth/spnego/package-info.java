/**
 * A minimal SPNEGO (RFC 4178, [MS-SPNG]) token codec: the GSS-API initial-context-token framing (RFC 2743 3.1)
 * around NegTokenInit, and NegTokenResp, in DER. Only what WinRM's {@code Negotiate} scheme needs; decoders treat
 * input as hostile and report every problem as a {@link io.openwinrm.auth.spnego.SpnegoException}.
 */
package io.openwinrm.auth.spnego;
