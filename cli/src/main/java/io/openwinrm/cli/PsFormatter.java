package io.openwinrm.cli;

import io.openwinrm.client.powershell.PsError;
import io.openwinrm.client.powershell.PsValues;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints pipeline output as PowerShell's default formatting roughly does: a value with a ToString (strings, numbers,
 * enums, primitives) on a line of its own; consecutive objects with the same properties (PSCustomObjects,
 * {@code Select-Object} results, {@code Get-Command}'s) as one table with a header; dictionaries as a Name/Value
 * table; error records as the message, the position and the category and error id lines. Not thread-safe: one
 * per output stream.
 */
final class PsFormatter {
    private static final int MAX_CELL = 60;

    private final PrintStream out;
    private final List<Map<String, String>> bags = new ArrayList<>();

    PsFormatter(PrintStream out) {
        this.out = out;
    }

    /**
     * One output object; objects with properties (and neither a primitive base value nor a container) are held
     * until an object lacking one of the first one's properties comes or {@link #flush()}, then shown as one table
     * whose columns are the first object's properties (as Format-Table takes them from the first object).
     */
    void object(PsValue value) {
        if (value instanceof PsObject o && o.baseValue() == null && o.container() == null
                && !PsValues.properties(o).isEmpty()) {
            Map<String, String> row = new LinkedHashMap<>();
            PsValues.properties(value).forEach((k, v) -> row.put(k, oneLine(PsValues.toText(v))));
            if (!bags.isEmpty() && !row.keySet().containsAll(bags.get(0).keySet())) {
                flush();
            }
            if (!bags.isEmpty()) {
                row.keySet().retainAll(bags.get(0).keySet());
            }
            bags.add(row);
            return;
        }
        flush();
        Object java = PsValues.toJava(value);
        if (java instanceof Map<?, ?> map && !map.isEmpty()) {
            Map<String, String> rows = new LinkedHashMap<>();
            map.forEach((k, v) -> rows.put(String.valueOf(k), oneLine(v == null ? "" : String.valueOf(v))));
            table(List.of("Name", "Value"), rows.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue()))
                    .toList());
            return;
        }
        out.println(PsValues.toText(value));
    }

    /** Prints held property bags as a table. */
    void flush() {
        if (bags.isEmpty()) {
            return;
        }
        List<String> header = new ArrayList<>(bags.get(0).keySet());
        List<List<String>> rows = bags.stream().map(b -> (List<String>) new ArrayList<>(b.values())).toList();
        bags.clear();
        table(header, rows);
    }

    private void table(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        out.println();
        out.println(row(header, width));
        List<String> dashes = new ArrayList<>();
        header.forEach(h -> dashes.add("-".repeat(h.length())));
        out.println(row(dashes, width));
        rows.forEach(r -> out.println(row(r, width)));
        out.println();
    }

    private static String row(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            b.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + width[i] + "s ", cells.get(i)));
        }
        return b.toString().stripTrailing();
    }

    private static String oneLine(String s) {
        String t = s.replace("\r", "").replace('\n', ' ');
        return t.length() > MAX_CELL ? t.substring(0, MAX_CELL - 3) + "..." : t;
    }

    /**
     * An error record as PowerShell shows it: message, position, {@code + CategoryInfo},
     * {@code + FullyQualifiedErrorId}.
     */
    static String error(PsError e) {
        return error(e.record(), e.positionMessage().orElse(null));
    }

    static String error(ErrorRecord r, String position) {
        StringBuilder b = new StringBuilder(r.message().isEmpty() ? "(no message)" : r.message()).append('\n');
        if (position != null) {
            b.append(position.stripTrailing()).append('\n');
        }
        b.append("    + CategoryInfo          : ").append(r.categoryMessage()).append('\n');
        if (!r.fullyQualifiedErrorId().isEmpty()) {
            b.append("    + FullyQualifiedErrorId : ").append(r.fullyQualifiedErrorId()).append('\n');
        }
        return b.toString();
    }
}
