package io.openwinrm.auth.kerberos;

/**
 * The n-fold operation of RFC 3961 section 5.1, which stretches or folds a constant (a key usage, {@code "kerberos"})
 * to the cipher's block size: the input is repeated, each copy rotated 13 bits further right than the last, to the
 * least common multiple of the two lengths, and the result is cut into output-sized pieces that are added together
 * with one's-complement (end-around carry) addition.
 */
final class NFold {

    private NFold() {
    }

    /** {@code outputBytes}-fold of {@code input} (both lengths in whole bytes, as every Kerberos use has them). */
    static byte[] fold(byte[] input, int outputBytes) {
        if (input.length == 0 || outputBytes <= 0) {
            throw new IllegalArgumentException("n-fold of nothing");
        }
        int inBits = input.length * 8;
        int lcmBytes = lcm(input.length, outputBytes);
        byte[] stretched = new byte[lcmBytes];
        for (int copy = 0; copy < lcmBytes / input.length; copy++) {
            int rotation = (13 * copy) % inBits;
            for (int bit = 0; bit < inBits; bit++) {
                // bit i of the rotated copy is bit (i - rotation) of the input, counting from the most significant
                int from = Math.floorMod(bit - rotation, inBits);
                if ((input[from / 8] >> (7 - from % 8) & 1) != 0) {
                    int to = copy * inBits + bit;
                    stretched[to / 8] |= (byte) (0x80 >>> (to % 8));
                }
            }
        }
        int[] sum = new int[outputBytes];
        for (int chunk = 0; chunk < lcmBytes; chunk += outputBytes) {
            int carry = 0;
            for (int i = outputBytes - 1; i >= 0; i--) {
                int v = sum[i] + (stretched[chunk + i] & 0xFF) + carry;
                sum[i] = v & 0xFF;
                carry = v >>> 8;
            }
            while (carry != 0) { // end-around carry
                for (int i = outputBytes - 1; i >= 0 && carry != 0; i--) {
                    int v = sum[i] + carry;
                    sum[i] = v & 0xFF;
                    carry = v >>> 8;
                }
            }
        }
        byte[] out = new byte[outputBytes];
        for (int i = 0; i < outputBytes; i++) {
            out[i] = (byte) sum[i];
        }
        return out;
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }
}
