package io.openwinrm.auth.account;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * The NT hash, {@code MD4(UNICODE(password))} ([MS-NLMP] 3.3.1, NTOWFv1; the key NTOWFv2 starts from).
 * <strong>It is password-equivalent</strong>: anyone holding it can authenticate with NTLM as that user, so it is
 * protected like the password itself.
 */
public final class NtHash {

    public static final int LENGTH = 16;

    private NtHash() {
    }

    public static byte[] of(char[] password) {
        ByteBuffer utf16 = StandardCharsets.UTF_16LE.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[utf16.remaining()];
        utf16.get(bytes);
        if (utf16.hasArray()) {
            Arrays.fill(utf16.array(), (byte) 0);
        }
        MD4Digest md4 = new MD4Digest();
        md4.update(bytes, 0, bytes.length);
        Arrays.fill(bytes, (byte) 0);
        byte[] out = new byte[LENGTH];
        md4.doFinal(out, 0);
        return out;
    }
}
