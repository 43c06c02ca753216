package io.openwinrm.client.powershell;

import io.openwinrm.psrp.clixml.PsList;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the remote runspace offers for the word at the cursor: {@code TabExpansion2}'s
 * {@code System.Management.Automation.CommandCompletion} ({@link RunspacePool#complete}). Each match replaces
 * {@code replacementLength} characters of the input from {@code replacementIndex}.
 */
public record CommandCompletion(int replacementIndex, int replacementLength, List<Match> matches) {

    /** Most matches kept from one answer. */
    static final int MAX_MATCHES = 1000;

    public CommandCompletion {
        matches = List.copyOf(matches);
    }

    /** One CompletionResult: the text that replaces the range, how a list shows it, its kind and a tip. */
    public record Match(String completionText, String listItemText, String resultType, String toolTip) {
        public Match {
            Objects.requireNonNull(completionText, "completionText");
        }
    }

    /** Read from the CommandCompletion object; null when {@code value} is not one (an older or odd server). */
    static CommandCompletion of(PsValue value, int inputLength) {
        if (!(value instanceof PsObject o)) {
            return null;
        }
        Map<String, PsValue> p = PsValues.properties(o);
        Object index = PsValues.toJava(p.get("ReplacementIndex"));
        Object length = PsValues.toJava(p.get("ReplacementLength"));
        if (!(index instanceof Long i) || !(length instanceof Long n) || i < 0 || n < 0 || i + n > inputLength) {
            return null;
        }
        List<Match> matches = new ArrayList<>();
        if (p.get("CompletionMatches") instanceof PsObject m && m.container() instanceof PsList l) {
            for (PsValue item : l.items()) {
                if (matches.size() == MAX_MATCHES) {
                    break;
                }
                Map<String, PsValue> r = PsValues.properties(item);
                Object text = PsValues.toJava(r.get("CompletionText"));
                if (text instanceof String t && !t.isEmpty()) {
                    matches.add(new Match(t, PsValues.toText(r.get("ListItemText")),
                            PsValues.toText(r.get("ResultType")), PsValues.toText(r.get("ToolTip"))));
                }
            }
        }
        return new CommandCompletion(i.intValue(), n.intValue(), matches);
    }
}
