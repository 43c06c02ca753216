package io.openwinrm.auth.ntlm;

/**
 * A stateful RC4 key stream ([MS-NLMP] 3.4.4 RC4Init / RC4): successive calls continue the same stream, as NTLM
 * sealing requires across messages. {@link #reset()} restarts the stream from the key (what SPNEGO does after the
 * mechListMIC, [MS-SPNG] 3.3.5.1). Not thread-safe.
 */
final class Rc4 {

    private final byte[] key;
    private final int[] s = new int[256];
    private int i;
    private int j;

    Rc4(byte[] key) {
        if (key.length == 0 || key.length > 256) {
            throw new IllegalArgumentException("RC4 key length " + key.length);
        }
        this.key = key.clone();
        reset();
    }

    void reset() {
        for (int k = 0; k < 256; k++) {
            s[k] = k;
        }
        int jj = 0;
        for (int k = 0; k < 256; k++) {
            jj = (jj + s[k] + (key[k % key.length] & 0xFF)) & 0xFF;
            int t = s[k];
            s[k] = s[jj];
            s[jj] = t;
        }
        i = 0;
        j = 0;
    }

    byte[] process(byte[] in) {
        byte[] out = new byte[in.length];
        // the state lives in locals during the loop (fields written per byte would not be kept in registers);
        // this loop is the whole cost of NTLM sealing at bulk rates
        int[] st = s;
        int x = i;
        int y = j;
        for (int k = 0; k < in.length; k++) {
            x = (x + 1) & 0xFF;
            int sx = st[x];
            y = (y + sx) & 0xFF;
            int sy = st[y];
            st[x] = sy;
            st[y] = sx;
            out[k] = (byte) (in[k] ^ st[(sx + sy) & 0xFF]);
        }
        i = x;
        j = y;
        return out;
    }

    /** One-shot RC4K ([MS-NLMP] 6, used for KEY_EXCH). */
    static byte[] rc4k(byte[] key, byte[] data) {
        return new Rc4(key).process(data);
    }
}
