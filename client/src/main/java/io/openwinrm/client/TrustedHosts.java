package io.openwinrm.client;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The client's list of hosts it agrees to authenticate to over plain HTTP, where the server's identity cannot be
 * verified (PowerShell's {@code WSMan:\localhost\Client\TrustedHosts}). Entries are host names or addresses with
 * {@code *} wildcards: {@code *}, {@code *.corp.example}, {@code 10.0.0.*}, {@code server1}. Matching ignores case.
 * Immutable.
 */
public final class TrustedHosts {

    public static final TrustedHosts NONE = new TrustedHosts(List.of());

    private final List<String> patterns;

    private TrustedHosts(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** Parses the PowerShell form: entries separated by commas (and/or whitespace). */
    public static TrustedHosts parse(String list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (String p : list.split("[,\\s]+")) {
                if (!p.isBlank()) {
                    out.add(validate(p.strip()));
                }
            }
        }
        return of(out);
    }

    public static TrustedHosts of(List<String> patterns) {
        Set<String> unique = new LinkedHashSet<>();
        for (String p : patterns) {
            unique.add(validate(p).toLowerCase(Locale.ROOT));
        }
        return new TrustedHosts(new ArrayList<>(unique));
    }

    private static String validate(String p) {
        Objects.requireNonNull(p, "pattern");
        if (p.isBlank() || !p.matches("[A-Za-z0-9.*:_\\-\\[\\]%]+")) {
            throw new IllegalArgumentException("invalid TrustedHosts entry '" + p
                    + "': use a host name or address, with * as wildcard");
        }
        return p;
    }

    public List<String> patterns() {
        return patterns;
    }

    /** This list plus {@code more}. */
    public TrustedHosts plus(List<String> more) {
        List<String> all = new ArrayList<>(patterns);
        all.addAll(more);
        return of(all);
    }

    /** This list without the given entries (exact, case-insensitive). */
    public TrustedHosts minus(List<String> entries) {
        List<String> kept = new ArrayList<>(patterns);
        for (String e : entries) {
            kept.remove(e.toLowerCase(Locale.ROOT));
        }
        return of(kept);
    }

    /** Whether {@code host} (a name or an address as the user wrote it) matches an entry. */
    public boolean matches(String host) {
        String h = stripBrackets(host).toLowerCase(Locale.ROOT);
        for (String p : patterns) {
            if (glob(stripBrackets(p), h)) {
                return true;
            }
        }
        return false;
    }

    private static String stripBrackets(String s) {
        return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }

    /** {@code *} matches any run of characters, including none. */
    private static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** The PowerShell form, entries joined with commas. */
    @Override
    public String toString() {
        return String.join(",", patterns);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustedHosts t && t.patterns.equals(patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }
}
