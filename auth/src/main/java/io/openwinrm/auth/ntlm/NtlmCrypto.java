package io.openwinrm.auth.ntlm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The NTLMv2 computations of [MS-NLMP] 3.3.2 (responses, SessionBaseKey), 3.4.5.1 (KXKEY), 3.4.5.2 (SIGNKEY),
 * 3.4.5.3 (SEALKEY, 128-bit only) and 3.1.5.1.2 (MIC). Stateless and thread-safe.
 */
public final class NtlmCrypto {

    public static final int NT_PROOF_LENGTH = 16;

    private static final byte[] CLIENT_SIGN = magic("session key to client-to-server signing key magic constant");
    private static final byte[] SERVER_SIGN = magic("session key to server-to-client signing key magic constant");
    private static final byte[] CLIENT_SEAL = magic("session key to client-to-server sealing key magic constant");
    private static final byte[] SERVER_SEAL = magic("session key to server-to-client sealing key magic constant");

    private NtlmCrypto() {
    }

    /** NTOWFv2 = HMAC_MD5(NT hash, UNICODE(Uppercase(user) ‖ domain)) (3.3.2); also LMOWFv2. */
    public static byte[] ntowfv2(byte[] ntHash, String user, String domain) {
        return hmacMd5(ntHash, (user.toUpperCase(Locale.ROOT) + domain).getBytes(StandardCharsets.UTF_16LE));
    }

    /**
     * The NTLMv2_CLIENT_CHALLENGE ("temp" in 3.3.2): RespType 1, HiRespType 1, Z(6), time, client challenge, Z(4),
     * the AV pairs (ending with MsvAvEOL), Z(4).
     */
    public static byte[] clientBlob(long fileTime, byte[] clientChallenge, TargetInfo avPairs) {
        byte[] pairs = avPairs.encode();
        byte[] temp = new byte[28 + pairs.length + 4];
        temp[0] = 1;
        temp[1] = 1;
        Le.put64(temp, 8, fileTime);
        System.arraycopy(clientChallenge, 0, temp, 16, 8);
        System.arraycopy(pairs, 0, temp, 28, pairs.length);
        return temp;
    }

    /** NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge ‖ temp). */
    public static byte[] ntProofStr(byte[] responseKeyNt, byte[] serverChallenge, byte[] temp) {
        return hmacMd5(responseKeyNt, serverChallenge, temp);
    }

    /** LMv2 response = HMAC_MD5(ResponseKeyLM, ServerChallenge ‖ ClientChallenge) ‖ ClientChallenge. */
    public static byte[] lmv2Response(byte[] responseKeyLm, byte[] serverChallenge, byte[] clientChallenge) {
        return concat(hmacMd5(responseKeyLm, serverChallenge, clientChallenge), clientChallenge);
    }

    /** SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr); for NTLMv2 it is also the KeyExchangeKey (3.4.5.1). */
    public static byte[] sessionBaseKey(byte[] responseKeyNt, byte[] ntProofStr) {
        return hmacMd5(responseKeyNt, ntProofStr);
    }

    /** RC4K(key, data), used to encrypt / decrypt the random session key under KEY_EXCH (3.1.5.1.2, 3.2.5.1.2). */
    public static byte[] rc4k(byte[] key, byte[] data) {
        return Rc4.rc4k(key, data);
    }

    /** SIGNKEY with extended session security (3.4.5.2). */
    public static byte[] signKey(byte[] exportedSessionKey, boolean clientToServer) {
        return md5(exportedSessionKey, clientToServer ? CLIENT_SIGN : SERVER_SIGN);
    }

    /** SEALKEY with extended session security and NTLMSSP_NEGOTIATE_128 (3.4.5.3). */
    public static byte[] sealKey(byte[] exportedSessionKey, boolean clientToServer) {
        return md5(exportedSessionKey, clientToServer ? CLIENT_SEAL : SERVER_SEAL);
    }

    /** MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE ‖ CHALLENGE ‖ AUTHENTICATE-with-zero-MIC) (3.1.5.1.2). */
    public static byte[] mic(byte[] exportedSessionKey, byte[] negotiate, byte[] challenge, byte[] authenticate) {
        byte[] zeroed = authenticate.clone();
        Arrays.fill(zeroed, NtlmMessageCodec.MIC_OFFSET, NtlmMessageCodec.MIC_OFFSET + 16, (byte) 0);
        return hmacMd5(exportedSessionKey, negotiate, challenge, zeroed);
    }

    public static byte[] hmacMd5(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 unavailable", e);
        }
    }

    public static byte[] md5(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] magic(String s) {
        return (s + "\0").getBytes(StandardCharsets.US_ASCII);
    }
}
