package io.openwinrm.server.psrp.restricted;

import java.util.regex.Pattern;

/** A PowerShell wildcard pattern ({@code *}, {@code ?}, {@code [abc]}, {@code `} escape), matched ignoring case. */
final class Wildcard {

    private final Pattern pattern;
    private final boolean literal;

    Wildcard(String text) {
        StringBuilder re = new StringBuilder();
        boolean wild = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '`' && i + 1 < text.length()) {
                re.append(Pattern.quote(String.valueOf(text.charAt(++i))));
            } else if (c == '*') {
                re.append(".*");
                wild = true;
            } else if (c == '?') {
                re.append('.');
                wild = true;
            } else if (c == '[' && text.indexOf(']', i + 1) > i + 1) {
                int close = text.indexOf(']', i + 1);
                StringBuilder set = new StringBuilder("[");
                for (char m : text.substring(i + 1, close).toCharArray()) {
                    set.append(m == '-' ? "-" : Character.isLetterOrDigit(m) ? String.valueOf(m) : "\\" + m);
                }
                re.append(set).append(']');
                i = close;
                wild = true;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        this.pattern = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        this.literal = !wild;
    }

    /** Whether the text has no wildcard characters (then no match is an error for Get-Command). */
    boolean isLiteral() {
        return literal;
    }

    boolean matches(String s) {
        return pattern.matcher(s).matches();
    }
}
