package io.openwinrm.psrp.clixml;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code <DCT>}: dictionary entries in wire order ([MS-PSRP] 2.2.5.2.6.4). Keys are any value; duplicates are kept
 * as sent (a Hashtable would refuse them, but that is the engine's business).
 */
public record PsDictionary(List<Entry> entries) implements PsContainer {
    public PsDictionary {
        entries = List.copyOf(entries);
    }

    /** One {@code <En>} with its {@code N="Key"} and {@code N="Value"} children. */
    public record Entry(PsValue key, PsValue value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** The value of the first entry whose key is a string equal to {@code key}, ignoring case (like Hashtable in PowerShell). */
    public Optional<PsValue> get(String key) {
        for (Entry e : entries) {
            if (e.key() instanceof PsString s && s.value().equalsIgnoreCase(key)) {
                return Optional.of(e.value());
            }
        }
        return Optional.empty();
    }
}
