package io.openwinrm.policy.restrict;

import java.util.List;
import java.util.Optional;

/**
 * Character and size rules every argv element obeys, whether it came from the command text, a separate WinRS
 * {@code Argument} element or a caller that built the argv itself.
 *
 * <p>Refused anywhere: C0 controls including TAB, CR, LF and NUL, DEL and the C1 controls (Unicode category Cc),
 * invisible format characters such as zero-width spaces and bidirectional overrides (Cf), the Unicode line and
 * paragraph separators (Zl, Zp) and unpaired surrogates. TAB is refused too: it separates words of the command
 * text, and no allowed argument needs one, so audit records stay one line and look like what runs.
 */
final class ArgumentText {

    /** Most argv elements, program included (anchors.md §4.3 asks for bounded input). */
    static final int MAX_TOKENS = 256;

    /** Longest single argv element, in UTF-16 code units. */
    static final int MAX_TOKEN_LENGTH = 4096;

    private ArgumentText() {
    }

    /**
     * The first forbidden character of {@code text} described for a reason sentence, if any.
     *
     * @param text never null
     * @return e.g. {@code "control character U+000A (LF) at offset 3"}
     */
    static Optional<String> forbiddenCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(i + 1));
                if (Character.getType(cp) == Character.FORMAT) {
                    return Optional.of("invisible format character " + codePoint(cp) + " at offset " + i);
                }
                i++;
                continue;
            }
            Optional<String> problem = describeForbidden(c);
            if (problem.isPresent()) {
                return Optional.of(problem.get() + " at offset " + i);
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code c} may not appear in an argument, or empty when it may.
     */
    static Optional<String> describeForbidden(char c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL -> Optional.of("control character " + codePoint(c) + controlName(c));
            case Character.FORMAT -> Optional.of("invisible format character " + codePoint(c));
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> Optional.of("line separator " + codePoint(c));
            case Character.SURROGATE -> Optional.of("unpaired surrogate " + codePoint(c));
            default -> Optional.empty();
        };
    }

    /**
     * The problem with the argv's size, if any: too many elements or one element too long.
     */
    static Optional<String> sizeProblem(List<String> argv) {
        if (argv.size() > MAX_TOKENS) {
            return Optional.of("the command has " + argv.size() + " arguments, more than the limit of " + MAX_TOKENS);
        }
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i).length() > MAX_TOKEN_LENGTH) {
                return Optional.of("argument " + i + " is " + argv.get(i).length() + " characters long, more than the limit of "
                        + MAX_TOKEN_LENGTH);
            }
        }
        return Optional.empty();
    }

    /** {@code U+000A}. */
    static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }

    /**
     * A short, printable rendering of an argument for reason sentences: quoted, control characters escaped,
     * cut after 64 characters.
     */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("'");
        int limit = Math.min(text.length(), 64);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (describeForbidden(c).isPresent()) {
                sb.append("\\u").append(String.format("%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (text.length() > limit) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }

    private static String controlName(char c) {
        return switch (c) {
            case '\0' -> " (NUL)";
            case '\t' -> " (TAB)";
            case '\n' -> " (LF)";
            case '\r' -> " (CR)";
            case 0x1B -> " (ESC)";
            case 0x7F -> " (DEL)";
            default -> "";
        };
    }
}
