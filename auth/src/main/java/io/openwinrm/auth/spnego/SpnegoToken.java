package io.openwinrm.auth.spnego;

/** A decoded SPNEGO token: {@link NegTokenInit} or {@link NegTokenResp}. */
public sealed interface SpnegoToken permits NegTokenInit, NegTokenResp {
}
