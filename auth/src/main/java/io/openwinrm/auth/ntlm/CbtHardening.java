package io.openwinrm.auth.ntlm;

/**
 * How strictly the acceptor checks channel binding tokens, WinRM's {@code CbtHardeningLevel} ([MS-WSMV]
 * 2.2.4.34). Channel binding only applies to TLS connections; plain HTTP ignores it at every level.
 */
public enum CbtHardening {
    /** Never checked. */
    NONE,
    /** Checked when the client sent a (non-zero) binding; a client without one is accepted. The default. */
    RELAXED,
    /** On TLS, the client must send a binding and it must match. */
    STRICT
}
