package io.openwinrm.psrp.message;

import java.util.Objects;

/** PUBLIC_KEY ([MS-PSRP] 2.2.2.3): the client's RSA key, base64 of a CAPI PUBLICKEYBLOB, as sent. */
public record PublicKey(String publicKey) implements MessageBody {
    public PublicKey {
        Objects.requireNonNull(publicKey, "publicKey");
    }

    @Override
    public int typeCode() {
        return MessageType.PUBLIC_KEY.code();
    }
}
