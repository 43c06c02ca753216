package io.openwinrm.psrp.message;

/** PUBLIC_KEY_REQUEST ([MS-PSRP] 2.2.2.5): data {@code <S />}; only PowerShell 2 servers send it. */
public record PublicKeyRequest() implements MessageBody {
    @Override
    public int typeCode() {
        return MessageType.PUBLIC_KEY_REQUEST.code();
    }
}
