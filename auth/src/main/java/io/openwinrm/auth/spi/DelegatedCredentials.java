package io.openwinrm.auth.spi;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Credentials a client handed over for the second hop: the image of an MIT credential cache file (format version 4,
 * {@code https://web.mit.edu/kerberos/krb5-latest/doc/formats/ccache_file_format.html}) holding the client's
 * forwarded TGT and its session key, ready to be written as a shell's private cache ({@code KRB5CCNAME}).
 *
 * <p>A secret: {@link #toString()} names only the principal and the expiry; {@link #destroy()} zeroes the bytes.
 * Thread-safe.
 */
public final class DelegatedCredentials {

    private final String principal;
    private final Instant expires;
    private final byte[] cacheFile;

    /**
     * @param principal the client, {@code name@REALM}
     * @param expires   when the TGT ends
     * @param cacheFile the credential cache file's bytes (copied)
     */
    public DelegatedCredentials(String principal, Instant expires, byte[] cacheFile) {
        this.principal = Objects.requireNonNull(principal, "principal");
        this.expires = Objects.requireNonNull(expires, "expires");
        this.cacheFile = cacheFile.clone();
    }

    public String principal() {
        return principal;
    }

    public Instant expires() {
        return expires;
    }

    /** A copy of the credential cache file's bytes. */
    public synchronized byte[] cacheFile() {
        return cacheFile.clone();
    }

    /** Zeroes the bytes: a cache written afterwards would be useless. */
    public synchronized void destroy() {
        Arrays.fill(cacheFile, (byte) 0);
    }

    @Override
    public String toString() {
        return "DelegatedCredentials[" + principal + ", until " + expires + "]";
    }
}
