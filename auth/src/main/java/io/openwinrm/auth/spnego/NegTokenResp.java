package io.openwinrm.auth.spnego;

import java.util.Objects;
import java.util.Optional;

/** NegTokenResp (RFC 4178 4.2.2); every field is optional on the wire. */
public record NegTokenResp(Optional<NegState> negState, Optional<String> supportedMech,
                           Optional<byte[]> responseToken, Optional<byte[]> mechListMic) implements SpnegoToken {

    public NegTokenResp {
        Objects.requireNonNull(negState, "negState");
        Objects.requireNonNull(supportedMech, "supportedMech");
        responseToken = responseToken.map(byte[]::clone);
        mechListMic = mechListMic.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> responseToken() {
        return responseToken.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> mechListMic() {
        return mechListMic.map(byte[]::clone);
    }
}
