package io.openwinrm.server.psrp.restricted;

import io.openwinrm.policy.restrict.FlagRule;
import io.openwinrm.policy.restrict.PolicyRule;
import io.openwinrm.psrp.clixml.IntegerType;
import io.openwinrm.psrp.clixml.ListKind;
import io.openwinrm.psrp.clixml.PsInteger;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code TabExpansion2 -inputScript TEXT -cursorColumn N}, what Enter-PSSession and {@code openwinrm enter} call for a
 * Tab: a {@code System.Management.Automation.CommandCompletion} for the word at the cursor. In command position the
 * visible commands whose names start with it ({@link CommandCatalog}); after a command, for a word starting with
 * {@code -}, that command's parameters (a built-in's) or flags (a program's, from its role rules). Private, as
 * {@code prompt} is: JEA hides TabExpansion2, so a real JEA session completes nothing, but this engine knows exactly
 * what its runspace allows and completes only that.
 */
final class TabExpansionStage implements Stage {

    /** Most matches returned. */
    static final int MAX_MATCHES = 500;

    private static final List<String> RESULT_TYPE = List.of("System.Management.Automation.CompletionResultType",
            "System.Enum", "System.ValueType", "System.Object");
    private static final int COMMAND = 2;
    private static final int PARAMETER_NAME = 7;

    private final String script;
    private final int cursor;
    private final CommandCatalog catalog;

    TabExpansionStage(BoundParameters p, CommandCatalog catalog) {
        this.script = p.one("inputScript").orElse("");
        this.cursor = Math.max(0, Math.min(script.length(), p.integer("cursorColumn").orElse(script.length())));
        this.catalog = catalog;
    }

    @Override
    public void end(Sink next) throws InterruptedException {
        int start = cursor;
        while (start > 0 && !boundary(script.charAt(start - 1))) {
            start--;
        }
        int end = cursor;
        while (end < script.length() && !boundary(script.charAt(end))) {
            end++;
        }
        String word = script.substring(start, cursor);
        String before = script.substring(0, start).stripTrailing();
        boolean commandPosition = before.isEmpty() || before.endsWith("|") || before.endsWith(";");
        List<PsObject> matches = new ArrayList<>();
        if (commandPosition && !word.startsWith("-")) {
            for (CommandCatalog.Entry e : catalog.entries()) {
                if (startsWith(e.name(), word)) {
                    matches.add(result(e.name(), e.name(), COMMAND, e.definition()));
                }
            }
        } else if (word.startsWith("-")) {
            commandOf(before).ifPresent(command -> parameters(command, word, matches));
        }
        next.accept(completion(start, end - start, matches.subList(0, Math.min(matches.size(), MAX_MATCHES))));
    }

    private void parameters(String command, String word, List<PsObject> matches) {
        Optional<Builtin> builtin = Builtin.named(command);
        if (builtin.isPresent()) {
            for (ParamSpec p : builtin.get().parameters()) {
                if (startsWith("-" + p.name(), word)) {
                    matches.add(result("-" + p.name(), p.name(), PARAMETER_NAME, "[" + p.kind().name()
                            .toLowerCase(Locale.ROOT) + "] " + p.name()));
                }
            }
            return;
        }
        for (CommandCatalog.Entry e : catalog.entries()) {
            if (!e.name().equalsIgnoreCase(command)) {
                continue;
            }
            List<String> seen = new ArrayList<>();
            for (PolicyRule rule : e.rules()) {
                for (FlagRule f : rule.command().flags()) {
                    if (f.name().startsWith(word) && !seen.contains(f.name())) {
                        seen.add(f.name());
                        matches.add(result(f.name(), f.name(), PARAMETER_NAME, f.name() + " (" + rule.label() + ")"));
                    }
                }
            }
        }
    }

    /** The first word of the statement that {@code before} (the text before the word at the cursor) is in. */
    private static Optional<String> commandOf(String before) {
        int from = Math.max(before.lastIndexOf('|'), before.lastIndexOf(';')) + 1;
        String[] words = before.substring(from).strip().split("\\s+", 2);
        return words[0].isEmpty() ? Optional.empty() : Optional.of(words[0]);
    }

    private static boolean boundary(char c) {
        return Character.isWhitespace(c) || "|;(){},".indexOf(c) >= 0;
    }

    private static boolean startsWith(String name, String prefix) {
        return name.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static PsObject result(String text, String listItem, int type, String toolTip) {
        return PsObject.builder().typeNames(List.of("System.Management.Automation.CompletionResult", "System.Object"))
                .toStringValue(text)
                .adapted("CompletionText", new PsString(text))
                .adapted("ListItemText", new PsString(listItem))
                .adapted("ResultType", PsObject.ofEnum(RESULT_TYPE, type == COMMAND ? "Command" : "ParameterName",
                        type))
                .adapted("ToolTip", new PsString(toolTip))
                .build();
    }

    private static PsObject completion(int replacementIndex, int replacementLength, List<PsObject> matches) {
        return PsObject.builder().typeNames(List.of("System.Management.Automation.CommandCompletion", "System.Object"))
                .toStringValue("System.Management.Automation.CommandCompletion")
                .adapted("CurrentMatchIndex", new PsInteger(IntegerType.INT32, -1))
                .adapted("ReplacementIndex", new PsInteger(IntegerType.INT32, replacementIndex))
                .adapted("ReplacementLength", new PsInteger(IntegerType.INT32, replacementLength))
                .adapted("CompletionMatches", PsObject.ofList(List.of("System.Collections.ObjectModel.Collection`1"
                        + "[[System.Management.Automation.CompletionResult, System.Management.Automation]]",
                        "System.Object"), ListKind.LIST, matches))
                .build();
    }
}
