package io.openwinrm.auth.ntlm;

import java.nio.charset.StandardCharsets;

/**
 * The value of MsvAvChannelBindings ([MS-NLMP] 2.2.2.1): MD5 of a flattened {@code gss_channel_bindings_struct}
 * (RFC 2744 3.11) with zero initiator/acceptor addresses and the RFC 5929 {@code tls-server-end-point} application
 * data, as Windows, requests_ntlm and pyspnego compute it (winrm-wire.md 5.6).
 */
public final class ChannelBindings {

    private static final byte[] PREFIX = "tls-server-end-point:".getBytes(StandardCharsets.US_ASCII);

    private ChannelBindings() {
    }

    /** {@code u32le 0 ×4, u32le len(app), app} with {@code app = "tls-server-end-point:" ‖ certificateHash}. */
    public static byte[] flatten(byte[] certificateHash) {
        byte[] app = NtlmCrypto.concat(PREFIX, certificateHash);
        byte[] out = new byte[20 + app.length];
        Le.put32(out, 16, app.length);
        System.arraycopy(app, 0, out, 20, app.length);
        return out;
    }

    /** MD5 of {@link #flatten}: the 16 bytes a client puts in MsvAvChannelBindings. */
    public static byte[] md5(byte[] certificateHash) {
        return NtlmCrypto.md5(flatten(certificateHash));
    }
}
