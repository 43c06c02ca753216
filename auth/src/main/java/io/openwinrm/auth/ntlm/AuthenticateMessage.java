package io.openwinrm.auth.ntlm;

import java.util.Objects;
import java.util.Optional;

/**
 * AUTHENTICATE_MESSAGE ([MS-NLMP] 2.2.1.3).
 *
 * @param flags                     the negotiated flags
 * @param lmResponse                LmChallengeResponse (LMv2, or 24 zero bytes when a MIC is sent)
 * @param ntResponse                NtChallengeResponse (NTProofStr followed by the NTLMv2_CLIENT_CHALLENGE)
 * @param domain                    DomainName
 * @param user                      UserName
 * @param workstation               Workstation
 * @param encryptedRandomSessionKey EncryptedRandomSessionKey (empty without key exchange)
 * @param version                   VERSION, when the header has room for it
 * @param mic                       the 16 bytes at the MIC position when the header has room for them; whether they
 *                                  are a MIC is said by MsvAvFlags inside {@code ntResponse}
 */
public record AuthenticateMessage(int flags, byte[] lmResponse, byte[] ntResponse, String domain, String user,
                                  String workstation, byte[] encryptedRandomSessionKey,
                                  Optional<NtlmVersion> version, Optional<byte[]> mic) {

    public AuthenticateMessage {
        lmResponse = lmResponse.clone();
        ntResponse = ntResponse.clone();
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(workstation, "workstation");
        encryptedRandomSessionKey = encryptedRandomSessionKey.clone();
        Objects.requireNonNull(version, "version");
        mic = mic.map(m -> {
            if (m.length != 16) {
                throw new IllegalArgumentException("MIC must be 16 bytes");
            }
            return m.clone();
        });
    }

    @Override
    public byte[] lmResponse() {
        return lmResponse.clone();
    }

    @Override
    public byte[] ntResponse() {
        return ntResponse.clone();
    }

    @Override
    public byte[] encryptedRandomSessionKey() {
        return encryptedRandomSessionKey.clone();
    }

    @Override
    public Optional<byte[]> mic() {
        return mic.map(byte[]::clone);
    }
}
