package io.openwinrm.policy.restrict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a WinRS command into an argv for a restricted endpoint. A WinRS {@code CommandLine} carries a
 * {@code Command} text and optional separate {@code Arguments} elements ([MS-WSMV] 2.2.4.7); a restricted endpoint
 * runs the result directly, never through a shell (anchors.md §4.3, the JEA NoLanguage equivalent), so anything a
 * shell would interpret is refused rather than passed on with a different meaning.
 *
 * <p>The command text is split into words on spaces and tabs. Single quotes group characters literally; double
 * quotes group characters with only {@code \"} and {@code \\} as escapes (any other backslash is literal);
 * quoted and unquoted parts of one word join ({@code a'b c'} is {@code ab c}). Outside quotes these characters
 * are refused, named in the reason: {@code ; | & < > ( ) $ ` * ? [ ] { } ~ ! # \}. Inside quotes they are plain
 * data and face the rule's schema. A first word of the form {@code NAME=value} (an environment assignment) is
 * refused. Each {@code Arguments} element becomes one argv element verbatim, never split or unquoted.
 *
 * <p>Everywhere, in the text and in every argument, the characters {@link ArgumentText} forbids are refused:
 * control characters (NUL, CR, LF, ESC, ..., and TAB except as a word separator outside quotes), invisible
 * format characters, line separators and unpaired surrogates. At most {@value ArgumentText#MAX_TOKENS} argv
 * elements of at most {@value ArgumentText#MAX_TOKEN_LENGTH} characters each are accepted.
 */
public final class CommandLine {

    /** The {@code rule} of every {@link PolicyViolation} raised here. */
    public static final String RULE = "command line";

    private static final String METACHARACTERS = ";|&<>()$`*?[]{}~!#\\";
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);

    private CommandLine() {
    }

    /**
     * Parses a WinRS command into an argv.
     *
     * @param command   the {@code Command} text, never null
     * @param arguments the {@code Arguments} elements in order, never null, may be empty
     * @return the argv, at least one element, immutable
     * @throws PolicyViolation with rule {@value #RULE} for a metacharacter, forbidden character, unterminated
     *                         quote, environment assignment, empty command or a size limit
     */
    public static List<String> parse(String command, List<String> arguments) {
        if (command.length() > ArgumentText.MAX_TOKENS * (ArgumentText.MAX_TOKEN_LENGTH + 1)) {
            throw violation("the command text is " + command.length() + " characters long, beyond any allowed command");
        }
        List<String> argv = new ArrayList<>(tokenize(command));
        if (argv.isEmpty()) {
            throw violation("the command is empty");
        }
        if (ASSIGNMENT.matcher(argv.get(0)).matches()) {
            throw violation("leading environment assignment " + ArgumentText.quote(argv.get(0))
                    + " is not allowed (the environment cannot be set through the command)");
        }
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            Optional<String> forbidden = ArgumentText.forbiddenCharacter(argument);
            if (forbidden.isPresent()) {
                throw violation("Arguments element " + (i + 1) + " contains " + forbidden.get());
            }
            argv.add(argument);
        }
        ArgumentText.sizeProblem(argv).ifPresent(p -> {
            throw violation(p);
        });
        return List.copyOf(argv);
    }

    private static List<String> tokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    addWord(words, word);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                inWord = true;
                i = singleQuoted(text, i, word);
            } else if (c == '"') {
                inWord = true;
                i = doubleQuoted(text, i, word);
            } else {
                checkCharacter(text, i);
                if (METACHARACTERS.indexOf(c) >= 0) {
                    throw violation("unquoted shell metacharacter '" + c + "' at offset " + i
                            + " of the command text (there is no shell; quote it to pass it as data)");
                }
                inWord = true;
                word.append(c);
                i++;
            }
        }
        if (inWord) {
            addWord(words, word);
        }
        return words;
    }

    /** Appends the content of the single-quoted part starting at {@code open}; returns the index after it. */
    private static int singleQuoted(String text, int open, StringBuilder word) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                return i + 1;
            }
            checkCharacter(text, i);
            word.append(c);
        }
        throw violation("unterminated single quote at offset " + open + " of the command text");
    }

    /** Appends the content of the double-quoted part starting at {@code open}; returns the index after it. */
    private static int doubleQuoted(String text, int open, StringBuilder word) {
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                word.append(text.charAt(i + 1));
                i += 2;
                continue;
            }
            checkCharacter(text, i);
            word.append(c);
            i++;
        }
        throw violation("unterminated double quote at offset " + open + " of the command text");
    }

    private static void checkCharacter(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            return; // the pair is checked as a whole when its word is complete
        }
        if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1))) {
            return;
        }
        ArgumentText.describeForbidden(c).ifPresent(p -> {
            throw violation("the command text contains " + p + " at offset " + i);
        });
    }

    private static void addWord(List<String> words, StringBuilder word) {
        String text = word.toString();
        word.setLength(0);
        ArgumentText.forbiddenCharacter(text).ifPresent(p -> {
            throw violation("a word of the command text contains " + p);
        });
        if (words.size() >= ArgumentText.MAX_TOKENS) {
            throw violation("the command has more than " + ArgumentText.MAX_TOKENS + " arguments");
        }
        if (text.length() > ArgumentText.MAX_TOKEN_LENGTH) {
            throw violation("word " + words.size() + " of the command text is longer than "
                    + ArgumentText.MAX_TOKEN_LENGTH + " characters");
        }
        words.add(text);
    }

    private static PolicyViolation violation(String reason) {
        return new PolicyViolation(RULE, reason);
    }
}
