package io.openwinrm.server.psrp.restricted;

import java.util.ArrayList;
import java.util.List;

/**
 * A PowerShell wildcard pattern ({@code *}, {@code ?}, {@code [abc]}, {@code [a-z]}, {@code `} escape), matched
 * ignoring case. Matching is linear in the pattern times the text (no regular expression, so no backtracking blow-up
 * whatever the client sends); patterns are bounded by {@link #MAX_LENGTH}.
 */
final class Wildcard {

    /** Longest pattern accepted. */
    static final int MAX_LENGTH = 1024;

    /** One element: a literal character, any one character, any run, or a set of characters. */
    private record Token(char kind, String chars) {
    }

    private final List<Token> tokens = new ArrayList<>();
    private final boolean literal;

    /** @throws IllegalArgumentException for a pattern longer than {@link #MAX_LENGTH} */
    Wildcard(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a wildcard pattern of " + text.length() + " characters, more than "
                    + MAX_LENGTH);
        }
        boolean wild = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '`' && i + 1 < text.length()) {
                tokens.add(new Token('=', String.valueOf(text.charAt(++i))));
            } else if (c == '*') {
                if (tokens.isEmpty() || tokens.get(tokens.size() - 1).kind() != '*') {
                    tokens.add(new Token('*', ""));
                }
                wild = true;
            } else if (c == '?') {
                tokens.add(new Token('?', ""));
                wild = true;
            } else if (c == '[' && text.indexOf(']', i + 1) > i + 1) {
                int close = text.indexOf(']', i + 1);
                tokens.add(new Token('[', text.substring(i + 1, close)));
                i = close;
                wild = true;
            } else {
                tokens.add(new Token('=', String.valueOf(c)));
            }
        }
        this.literal = !wild;
    }

    /** Whether the text has no wildcard characters (then no match is an error for Get-Command). */
    boolean isLiteral() {
        return literal;
    }

    boolean matches(String s) {
        // reachable[j]: the tokens so far can match the first j characters of s
        boolean[] reachable = new boolean[s.length() + 1];
        reachable[0] = true;
        for (Token t : tokens) {
            boolean[] next = new boolean[s.length() + 1];
            for (int j = 0; j <= s.length(); j++) {
                if (t.kind() == '*') {
                    next[j] = reachable[j] || j > 0 && next[j - 1];
                } else {
                    next[j] = j > 0 && reachable[j - 1] && accepts(t, s.charAt(j - 1));
                }
            }
            reachable = next;
        }
        return reachable[s.length()];
    }

    private static boolean accepts(Token t, char c) {
        return switch (t.kind()) {
            case '?' -> true;
            case '=' -> same(t.chars().charAt(0), c);
            default -> inSet(t.chars(), c);
        };
    }

    private static boolean inSet(String set, char c) {
        for (int i = 0; i < set.length(); i++) {
            if (i + 2 < set.length() && set.charAt(i + 1) == '-') {
                char lo = Character.toLowerCase(set.charAt(i));
                char hi = Character.toLowerCase(set.charAt(i + 2));
                char x = Character.toLowerCase(c);
                if (x >= lo && x <= hi) {
                    return true;
                }
                i += 2;
            } else if (same(set.charAt(i), c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(char a, char b) {
        return a == b || Character.toLowerCase(a) == Character.toLowerCase(b)
                || Character.toUpperCase(a) == Character.toUpperCase(b);
    }
}
