package io.openwinrm.auth.ntlm;

import io.openwinrm.auth.account.AccountStore;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds the NT hash ([MS-NLMP] 3.3.1) of the account a client names. Implementations must be thread-safe and may
 * block briefly.
 */
@FunctionalInterface
public interface NtHashLookup {

    /** An account as stored: its canonical name and its 16-byte NT hash. */
    record Entry(String name, byte[] ntHash) {
        public Entry {
            Objects.requireNonNull(name, "name");
            if (ntHash.length != 16) {
                throw new IllegalArgumentException("NT hash must be 16 bytes");
            }
            ntHash = ntHash.clone();
        }

        @Override
        public byte[] ntHash() {
            return ntHash.clone();
        }
    }

    /** The account for {@code userName}, if any. */
    Optional<Entry> find(String userName);

    /** Exact-name look-ups only. */
    static NtHashLookup exact(Function<String, Optional<byte[]>> ntHashByName) {
        Objects.requireNonNull(ntHashByName, "ntHashByName");
        return name -> ntHashByName.apply(name).map(hash -> new Entry(name, hash));
    }

    /**
     * Case-insensitive look-ups as Windows does for account names: the exact name first, then the single name in
     * {@code names} that equals it ignoring case (none when two stored names differ only in case).
     */
    static NtHashLookup caseInsensitive(Function<String, Optional<byte[]>> ntHashByName,
                                        Supplier<? extends Collection<String>> names) {
        Objects.requireNonNull(ntHashByName, "ntHashByName");
        Objects.requireNonNull(names, "names");
        return name -> {
            Optional<byte[]> hash = ntHashByName.apply(name);
            if (hash.isPresent()) {
                return Optional.of(new Entry(name, hash.get()));
            }
            String match = null;
            for (String candidate : names.get()) {
                if (candidate.equalsIgnoreCase(name)) {
                    if (match != null) {
                        return Optional.empty();
                    }
                    match = candidate;
                }
            }
            if (match == null) {
                return Optional.empty();
            }
            String canonical = match;
            return ntHashByName.apply(canonical).map(h -> new Entry(canonical, h));
        };
    }

    /** The server's account store, case-insensitively ({@link AccountStore#ntHash}, {@link AccountStore#list}). */
    static NtHashLookup of(AccountStore store) {
        Objects.requireNonNull(store, "store");
        return caseInsensitive(store::ntHash, store::list);
    }
}
