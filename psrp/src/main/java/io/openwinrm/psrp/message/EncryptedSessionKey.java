package io.openwinrm.psrp.message;

import java.util.Objects;

/** ENCRYPTED_SESSION_KEY ([MS-PSRP] 2.2.2.4): base64 of the SIMPLEBLOB holding the session key. */
public record EncryptedSessionKey(String encryptedSessionKey) implements MessageBody {
    public EncryptedSessionKey {
        Objects.requireNonNull(encryptedSessionKey, "encryptedSessionKey");
    }

    @Override
    public int typeCode() {
        return MessageType.ENCRYPTED_SESSION_KEY.code();
    }
}
