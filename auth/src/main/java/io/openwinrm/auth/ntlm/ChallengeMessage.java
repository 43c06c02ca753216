package io.openwinrm.auth.ntlm;

import java.util.Objects;
import java.util.Optional;

/**
 * CHALLENGE_MESSAGE ([MS-NLMP] 2.2.1.2).
 *
 * @param flags           the flags the server chose
 * @param serverChallenge 8 random bytes
 * @param targetName      the server's NetBIOS name or domain (TargetName), UNICODE or OEM per {@code flags}
 * @param targetInfo      AV pairs (sent when {@link NegotiateFlags#TARGET_INFO} is set)
 * @param version         sent when {@link NegotiateFlags#VERSION} is set
 */
public record ChallengeMessage(int flags, byte[] serverChallenge, String targetName, TargetInfo targetInfo,
                               Optional<NtlmVersion> version) {

    public ChallengeMessage {
        if (serverChallenge.length != 8) {
            throw new IllegalArgumentException("server challenge must be 8 bytes");
        }
        serverChallenge = serverChallenge.clone();
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(targetInfo, "targetInfo");
        Objects.requireNonNull(version, "version");
    }

    @Override
    public byte[] serverChallenge() {
        return serverChallenge.clone();
    }
}
