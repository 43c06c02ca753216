package io.openwinrm.server.psrp.restricted;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads script text ({@code IsScript=true} commands, [MS-PSRP] 2.2.3.12) under the restricted engine's NoLanguage
 * rules: exactly one pipeline of commands whose arguments are literals: bare words, single-quoted strings,
 * double-quoted strings without variables or subexpressions, comma lists of those, and {@code -Name} /
 * {@code -Name:value} parameter tokens. Comments and line continuations (a backtick before the line end, a line
 * end after {@code |}, a {@code |} leading the next line) are allowed, and one trailing {@code ;}. Everything
 * else is refused with the {@link NoLanguageRule} it breaks: variables ({@code $x}, {@code @splat}), script
 * blocks, subexpressions, parenthesized expressions, type literals, several statements, {@code &&}/{@code ||},
 * {@code &}, dot-sourcing, redirection, {@code --%}.
 *
 * <p>Nothing is expanded: no globbing, no environment, no home directory. Pure function, thread-safe.
 */
final class NoLanguageParser {

    /** Longest script accepted, in UTF-16 code units. */
    static final int MAX_SCRIPT_LENGTH = 64 * 1024;

    private final String s;
    private int pos;

    private NoLanguageParser(String script) {
        this.s = script;
    }

    /**
     * @return the commands of the one pipeline, in order; never empty
     * @throws LanguageViolation naming the rule the text breaks
     */
    static List<ScriptCommand> parse(String script) throws LanguageViolation {
        if (script.length() > MAX_SCRIPT_LENGTH) {
            throw new LanguageViolation(NoLanguageRule.TOO_LONG, script.length() + " characters, more than "
                    + MAX_SCRIPT_LENGTH);
        }
        return new NoLanguageParser(script).pipeline();
    }

    private List<ScriptCommand> pipeline() throws LanguageViolation {
        List<ScriptCommand> commands = new ArrayList<>();
        String name = null;
        List<ScriptCommand.Argument> arguments = new ArrayList<>();
        boolean afterPipe = false;
        while (true) {
            skipBlanks(afterPipe || name == null && commands.isEmpty());
            if (pos >= s.length()) {
                break;
            }
            char c = s.charAt(pos);
            if (c == '\n' || c == '\r' || c == ';') {
                pos++;
                skipBlanks(true);
                if (c != ';' && name != null && pos < s.length() && s.charAt(pos) == '|' && peek(1) != '|') {
                    continue; // a pipe leading the next line continues the pipeline (PowerShell 7)
                }
                if (pos < s.length()) {
                    throw violation(NoLanguageRule.STATEMENT_SEPARATOR, "a second statement at offset " + pos);
                }
                if (c == ';' && name == null) {
                    throw violation(NoLanguageRule.SYNTAX, "an empty statement before ';'");
                }
                break;
            }
            if (c == '|') {
                if (peek(1) == '|') {
                    throw violation(NoLanguageRule.PIPELINE_CHAIN, "'||' at offset " + pos);
                }
                if (name == null) {
                    throw violation(NoLanguageRule.SYNTAX, "an empty pipe element at offset " + pos);
                }
                commands.add(new ScriptCommand(name, arguments));
                name = null;
                arguments = new ArrayList<>();
                afterPipe = true;
                pos++;
                continue;
            }
            checkElementStart(c, name == null);
            if (name == null) {
                name = commandName();
                afterPipe = false;
            } else {
                arguments.add(argument());
            }
        }
        if (name == null) {
            throw violation(NoLanguageRule.SYNTAX, afterPipe ? "an empty pipe element at the end"
                    : "the script has no command");
        }
        commands.add(new ScriptCommand(name, arguments));
        return commands;
    }

    /** Refuses the characters that cannot start a literal element. */
    private void checkElementStart(char c, boolean commandPosition) throws LanguageViolation {
        switch (c) {
            case '&' -> throw violation(peek(1) == '&' ? NoLanguageRule.PIPELINE_CHAIN : NoLanguageRule.CALL_OPERATOR,
                    "'" + (peek(1) == '&' ? "&&" : "&") + "' at offset " + pos);
            case '>', '<' -> throw violation(NoLanguageRule.REDIRECTION, "'" + c + "' at offset " + pos);
            case '{' -> throw violation(NoLanguageRule.SCRIPT_BLOCK, "'{' at offset " + pos);
            case '(' -> throw violation(NoLanguageRule.EXPRESSION, "'(' at offset " + pos);
            case '[' -> throw violation(NoLanguageRule.EXPRESSION, "a type literal '[' at offset " + pos);
            case '}', ')', ',' -> throw violation(NoLanguageRule.SYNTAX, "unexpected '" + c + "' at offset " + pos);
            case '@' -> throw violation(peek(1) == '(' || peek(1) == '{' ? NoLanguageRule.SUBEXPRESSION
                    : NoLanguageRule.VARIABLE, "'@" + printable(peek(1)) + "' at offset " + pos);
            case '$' -> dollar();
            default -> {
                if ((c == '*' || Character.isDigit(c)) && isRedirection()) {
                    throw violation(NoLanguageRule.REDIRECTION, "a redirection at offset " + pos);
                }
                if (commandPosition) {
                    if (c == '.' && (isBlank(peek(1)) || peek(1) == '\'' || peek(1) == '"')) {
                        throw violation(NoLanguageRule.DOT_SOURCE, "'.' at offset " + pos);
                    }
                    if (isQuote(c)) {
                        throw violation(NoLanguageRule.EXPRESSION, "a string at command position (offset " + pos
                                + "); the call operator needed to run it is not allowed either");
                    }
                    if (isDash(c) || Character.isDigit(c)) {
                        throw violation(NoLanguageRule.EXPRESSION, "an expression at offset " + pos);
                    }
                }
            }
        }
    }

    private String commandName() throws LanguageViolation {
        Word w = word();
        if (w.values.size() != 1) {
            throw violation(NoLanguageRule.EXPRESSION, "an array at command position");
        }
        return w.values.get(0);
    }

    private ScriptCommand.Argument argument() throws LanguageViolation {
        int start = pos;
        if (isDash(s.charAt(pos)) && pos + 1 < s.length() && isParameterStart(s.charAt(pos + 1))) {
            int nameStart = pos + 1;
            int end = nameStart;
            while (end < s.length() && isParameterChar(s.charAt(end))) {
                end++;
            }
            String parameter = s.substring(nameStart, end);
            if (end < s.length() && s.charAt(end) == ':') {
                pos = end + 1;
                if (pos >= s.length() || isDelimiter(s.charAt(pos))) {
                    return new ScriptCommand.Argument(parameter, List.of(), "-" + parameter + ":");
                }
                checkElementStart(s.charAt(pos), false);
                Word value = word();
                return new ScriptCommand.Argument(parameter, value.values, "-" + parameter + ":" + value.text);
            }
            if (end >= s.length() || isDelimiter(s.charAt(end))) {
                pos = end;
                return new ScriptCommand.Argument(parameter, List.of(), "-" + parameter);
            }
            pos = start; // e.g. -n5 or --lines=5: a literal word for native programs
        }
        if (s.startsWith("--%", pos) && (pos + 3 >= s.length() || isDelimiter(s.charAt(pos + 3)))) {
            throw violation(NoLanguageRule.STOP_PARSING, "at offset " + pos);
        }
        Word w = word();
        return new ScriptCommand.Argument(null, w.values, w.text);
    }

    /** A comma list of literal items ({@code a}, {@code a,'b c',"d"}). */
    private Word word() throws LanguageViolation {
        List<String> values = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            String item = item();
            values.add(item);
            text.append(item);
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                text.append(',');
                skipBlanks(true);
                if (pos >= s.length()) {
                    throw violation(NoLanguageRule.SYNTAX, "a missing element after ','");
                }
                checkElementStart(s.charAt(pos), false);
                continue;
            }
            return new Word(values, text.toString());
        }
    }

    /** One literal: bare characters and quoted segments up to a delimiter. */
    private String item() throws LanguageViolation {
        StringBuilder out = new StringBuilder();
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '`') {
                if (pos + 1 >= s.length() || s.charAt(pos + 1) == '\n' || s.charAt(pos + 1) == '\r') {
                    break; // a line continuation ends the word
                }
                out.append(escape(s.charAt(pos + 1)));
                pos += 2;
            } else if (isSingleQuote(c)) {
                pos++;
                singleQuoted(out);
            } else if (isDoubleQuote(c)) {
                pos++;
                doubleQuoted(out);
            } else if (c == '$') {
                dollar();
            } else if (c == '{' || c == '(') {
                throw violation(c == '{' ? NoLanguageRule.SCRIPT_BLOCK : NoLanguageRule.EXPRESSION,
                        "'" + c + "' at offset " + pos);
            } else if (c == '}' || c == ')') {
                throw violation(NoLanguageRule.SYNTAX, "unexpected '" + c + "' at offset " + pos);
            } else if (c == '>' || c == '<') {
                throw violation(NoLanguageRule.REDIRECTION, "'" + c + "' at offset " + pos);
            } else if (c == '&') {
                throw violation(s.startsWith("&&", pos) ? NoLanguageRule.PIPELINE_CHAIN
                        : NoLanguageRule.CALL_OPERATOR, "'&' at offset " + pos);
            } else if (isDelimiter(c) || c == ',') {
                break;
            } else {
                out.append(c);
                pos++;
            }
        }
        if (pos == start) {
            throw violation(NoLanguageRule.SYNTAX, "an empty element at offset " + pos);
        }
        return out.toString();
    }

    private void singleQuoted(StringBuilder out) throws LanguageViolation {
        int open = pos - 1;
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (isSingleQuote(c)) {
                if (pos < s.length() && isSingleQuote(s.charAt(pos))) {
                    out.append(c);
                    pos++;
                    continue;
                }
                return;
            }
            out.append(c);
        }
        throw violation(NoLanguageRule.SYNTAX, "the string starting at offset " + open + " is missing its terminator");
    }

    private void doubleQuoted(StringBuilder out) throws LanguageViolation {
        int open = pos - 1;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (isDoubleQuote(c)) {
                pos++;
                if (pos < s.length() && isDoubleQuote(s.charAt(pos))) {
                    out.append(c);
                    pos++;
                    continue;
                }
                return;
            }
            if (c == '`' && pos + 1 < s.length()) {
                out.append(escape(s.charAt(pos + 1)));
                pos += 2;
            } else if (c == '$' && isVariableStart(peek(1))) {
                dollar();
            } else {
                out.append(c);
                pos++;
            }
        }
        throw violation(NoLanguageRule.SYNTAX, "the string starting at offset " + open + " is missing its terminator");
    }

    /** At a {@code $}: always a violation (a variable or a subexpression). */
    private void dollar() throws LanguageViolation {
        if (peek(1) == '(') {
            throw violation(NoLanguageRule.SUBEXPRESSION, "'$(' at offset " + pos);
        }
        int end = pos + 1;
        while (end < s.length() && end - pos < 40 && (Character.isLetterOrDigit(s.charAt(end))
                || s.charAt(end) == '_' || s.charAt(end) == ':' || s.charAt(end) == '{' || s.charAt(end) == '}')) {
            end++;
        }
        throw violation(NoLanguageRule.VARIABLE, "'" + s.substring(pos, Math.max(end, pos + 1)) + "' at offset "
                + pos);
    }

    /** Skips spaces, tabs, comments and line continuations; line ends too when {@code lines}. */
    private void skipBlanks(boolean lines) {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\u00A0') {
                pos++;
            } else if (c == '`' && (peek(1) == '\n' || peek(1) == '\r')) {
                pos += 2;
                if (s.charAt(pos - 1) == '\r' && peek(0) == '\n') {
                    pos++;
                }
            } else if (c == '#') {
                while (pos < s.length() && s.charAt(pos) != '\n' && s.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (lines && (c == '\n' || c == '\r')) {
                pos++;
            } else {
                return;
            }
        }
    }

    private boolean isRedirection() {
        int i = pos;
        if (s.charAt(i) == '*') {
            i++;
        } else {
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i - pos != 1) {
                return false;
            }
        }
        return i < s.length() && (s.charAt(i) == '>' || s.charAt(i) == '<');
    }

    private char peek(int ahead) {
        return pos + ahead < s.length() ? s.charAt(pos + ahead) : '\0';
    }

    private static char escape(char c) {
        return switch (c) {
            case '0' -> '\0';
            case 'a' -> '\u0007';
            case 'b' -> '\b';
            case 'e' -> '\u001B';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> '\u000B';
            default -> c;
        };
    }

    private static boolean isDelimiter(char c) {
        return isBlank(c) || c == '\n' || c == '\r' || c == '|' || c == ';';
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\u00A0' || c == '\0';
    }

    private static boolean isQuote(char c) {
        return isSingleQuote(c) || isDoubleQuote(c);
    }

    /** PowerShell also takes the typographic quotes as quotes. */
    private static boolean isSingleQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B';
    }

    private static boolean isDoubleQuote(char c) {
        return c == '"' || c == '\u201C' || c == '\u201D' || c == '\u201E';
    }

    /** PowerShell takes the en and em dashes as a parameter's dash. */
    private static boolean isDash(char c) {
        return c == '-' || c == '\u2013' || c == '\u2014' || c == '\u2015';
    }

    private static boolean isParameterStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '?';
    }

    private static boolean isParameterChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '?';
    }

    private static boolean isVariableStart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '{' || c == '(' || c == '?' || c == '^' || c == '$'
                || c == ':';
    }

    private static String printable(char c) {
        return c == '\0' || Character.isISOControl(c) ? "" : String.valueOf(c);
    }

    private static LanguageViolation violation(NoLanguageRule rule, String detail) {
        return new LanguageViolation(rule, detail);
    }

    private record Word(List<String> values, String text) {
    }
}
