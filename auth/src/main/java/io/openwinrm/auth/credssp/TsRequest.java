package io.openwinrm.auth.credssp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The CredSSP message ([MS-CSSP] 2.2.1):
 *
 * <pre>
 * TSRequest ::= SEQUENCE {
 *     version     [0] INTEGER,
 *     negoTokens  [1] NegoData  OPTIONAL,   -- SEQUENCE OF SEQUENCE { negoToken [0] OCTET STRING }
 *     authInfo    [2] OCTET STRING OPTIONAL, -- encrypted TSCredentials (2.2.1.2)
 *     pubKeyAuth  [3] OCTET STRING OPTIONAL, -- encrypted public key or its hash (3.1.5)
 *     errorCode   [4] INTEGER OPTIONAL,      -- NTSTATUS, versions 3, 4 and 6+
 *     clientNonce [5] OCTET STRING OPTIONAL  -- 32 bytes, versions 5+
 * }
 * </pre>
 *
 * Immutable: byte arrays are copied in and out.
 *
 * @param version     the sender's CredSSP version (2 to 6 are known; higher ones are answered with ours)
 * @param negoTokens  SPNEGO/NTLM tokens, in order; usually zero or one
 * @param authInfo    the encrypted TSCredentials
 * @param pubKeyAuth  the encrypted public-key binding
 * @param errorCode   an NTSTATUS the peer reports
 * @param clientNonce the client's nonce for the version 5+ hash binding
 */
public record TsRequest(int version, List<byte[]> negoTokens, Optional<byte[]> authInfo, Optional<byte[]> pubKeyAuth,
                        OptionalLong errorCode, Optional<byte[]> clientNonce) {

    public TsRequest {
        Objects.requireNonNull(negoTokens, "negoTokens");
        negoTokens = negoTokens.stream().map(byte[]::clone).toList();
        authInfo = authInfo.map(byte[]::clone);
        pubKeyAuth = pubKeyAuth.map(byte[]::clone);
        Objects.requireNonNull(errorCode, "errorCode");
        clientNonce = clientNonce.map(byte[]::clone);
    }

    /** A request carrying only negotiation tokens. */
    public static TsRequest negotiate(int version, byte[] token) {
        return new TsRequest(version, List.of(token), Optional.empty(), Optional.empty(), OptionalLong.empty(),
                Optional.empty());
    }

    @Override
    public List<byte[]> negoTokens() {
        return negoTokens.stream().map(byte[]::clone).toList();
    }

    @Override
    public Optional<byte[]> authInfo() {
        return authInfo.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> pubKeyAuth() {
        return pubKeyAuth.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> clientNonce() {
        return clientNonce.map(byte[]::clone);
    }

    /** The first negotiation token, if any. */
    public Optional<byte[]> firstNegoToken() {
        return negoTokens.isEmpty() ? Optional.empty() : Optional.of(negoTokens.get(0).clone());
    }
}
