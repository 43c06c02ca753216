package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openwinrm.auth.encryption.DecryptedMessage;
import io.openwinrm.auth.encryption.EncryptedMessageCodec;
import io.openwinrm.auth.encryption.EncryptedMessageException;
import io.openwinrm.auth.ntlm.NtlmSessionSecurity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * WinRM's encrypted bodies ([MS-WSMV] 2.2.9.1): {@code EncryptedContentType} on the Content-Type header,
 * {@code EncryptedBodyParser} on the multipart body and the NTLM unwrap of each part, through
 * {@link EncryptedMessageCodec#decode}, as the server's {@code MessageEncryptionHandler} and the client's
 * {@code NegotiateAuth} call it. Input: the Content-Type value, a line feed, then the body. The context holds the
 * [MS-NLMP] 4.2.4 session key, so the seeds (bodies sealed under it) decrypt.
 *
 * <p>Documented rejection: {@link EncryptedMessageException}.
 */
class EncryptedMessageFuzzTest {

    @DictionaryFile(resourcePath = "encrypted.dict")
    @FuzzTest
    void encryptedBody(byte[] input) {
        int lf = indexOf(input, (byte) '\n');
        String contentType = new String(input, 0, lf < 0 ? input.length : lf, StandardCharsets.ISO_8859_1);
        byte[] body = lf < 0 ? new byte[0] : Arrays.copyOfRange(input, lf + 1, input.length);
        NtlmSessionSecurity server = NtlmSessionSecurity.acceptor(NtlmVectors.SESSION_KEY);
        try {
            DecryptedMessage m = EncryptedMessageCodec.decode(contentType, body, server);
            if (m.plaintext().length > body.length) {
                throw new AssertionError("more plaintext (" + m.plaintext().length + " bytes) than body ("
                        + body.length + " bytes)");
            }
        } catch (EncryptedMessageException e) {
            Findings.requireNoBugInside(e);
        }
    }

    private static int indexOf(byte[] b, byte value) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
