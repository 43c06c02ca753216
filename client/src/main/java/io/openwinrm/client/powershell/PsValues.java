package io.openwinrm.client.powershell;

import io.openwinrm.psrp.clixml.PsBool;
import io.openwinrm.psrp.clixml.PsChar;
import io.openwinrm.psrp.clixml.PsDecimal;
import io.openwinrm.psrp.clixml.PsDictionary;
import io.openwinrm.psrp.clixml.PsDouble;
import io.openwinrm.psrp.clixml.PsInteger;
import io.openwinrm.psrp.clixml.PsList;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsPrimitive;
import io.openwinrm.psrp.clixml.PsProperty;
import io.openwinrm.psrp.clixml.PsSingle;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A caller's view of deserialized objects ([MS-PSRP] 2.2.5): the {@code psrp} module's {@link PsValue} model read as
 * PowerShell shows it (ToString, type names, properties) or as plain Java values. Nothing here changes the model.
 */
public final class PsValues {
    private PsValues() {
    }

    /**
     * The text PowerShell's ToString gives: a primitive's value ({@code True}/{@code False} for booleans), an object's
     * {@code <ToString>}, else its primitive base value, else a list's items separated by spaces, else a property bag
     * as {@code @{Name=value; ...}} (a PSCustomObject's ToString); Nil is empty.
     */
    public static String toText(PsValue value) {
        if (value == null || value instanceof PsNull) {
            return "";
        }
        if (value instanceof PsBool b) {
            return b.value() ? "True" : "False";
        }
        if (value instanceof PsString s) {
            return s.value();
        }
        if (value instanceof PsPrimitive p) {
            return p.text();
        }
        PsObject o = (PsObject) value;
        if (o.toStringValue() != null) {
            return o.toStringValue();
        }
        if (o.baseValue() != null) {
            return toText(o.baseValue());
        }
        if (o.container() instanceof PsList l) {
            StringJoiner j = new StringJoiner(" ");
            l.items().forEach(i -> j.add(toText(i)));
            return j.toString();
        }
        if (o.container() instanceof PsDictionary d) {
            return "System.Collections.Hashtable (" + d.entries().size() + " entries)";
        }
        StringJoiner j = new StringJoiner("; ", "@{", "}");
        properties(o).forEach((k, v) -> j.add(k + "=" + toText(v)));
        return j.toString();
    }

    /** Type names, most specific first; empty for primitives, Nil and property bags. */
    public static List<String> typeNames(PsValue value) {
        return value instanceof PsObject o ? o.typeNames() : List.of();
    }

    /**
     * An object's properties in the order PowerShell lists them: adapted ({@code <Props>}) then extended
     * ({@code <MS>}); a later duplicate name is dropped. Empty for primitives and Nil.
     */
    public static Map<String, PsValue> properties(PsValue value) {
        Map<String, PsValue> out = new LinkedHashMap<>();
        if (value instanceof PsObject o) {
            for (List<PsProperty> list : List.of(o.adaptedProperties(), o.extendedProperties())) {
                for (PsProperty p : list) {
                    out.putIfAbsent(p.name(), p.value());
                }
            }
        }
        return out;
    }

    /**
     * Whether PowerShell would show the value as a table of properties rather than one line: an object with
     * properties but no ToString, base value or container (a PSCustomObject, a selected object).
     */
    public static boolean isPropertyBag(PsValue value) {
        return value instanceof PsObject o && o.toStringValue() == null && o.baseValue() == null
                && o.container() == null && !properties(o).isEmpty();
    }

    /**
     * Plain Java: null, String, Boolean, Long (every integer type), Double, a BigDecimal, a List for lists, a Map
     * (String keys, insertion order) for dictionaries and property bags; an object with a ToString becomes that text
     * unless it is a bag; other primitives (dates, GUIDs, versions, ...) their text.
     */
    public static Object toJava(PsValue value) {
        if (value == null || value instanceof PsNull) {
            return null;
        }
        if (value instanceof PsString s) {
            return s.value();
        }
        if (value instanceof PsBool b) {
            return b.value();
        }
        if (value instanceof PsInteger i) {
            return i.value();
        }
        if (value instanceof PsDouble d) {
            return d.value();
        }
        if (value instanceof PsSingle f) {
            return (double) f.value();
        }
        if (value instanceof PsDecimal d) {
            return d.value();
        }
        if (value instanceof PsChar c) {
            return String.valueOf(c.value());
        }
        if (value instanceof PsPrimitive p) {
            return p.text();
        }
        PsObject o = (PsObject) value;
        if (o.container() instanceof PsList l) {
            List<Object> items = new ArrayList<>();
            l.items().forEach(i -> items.add(toJava(i)));
            return items;
        }
        if (o.container() instanceof PsDictionary d) {
            Map<String, Object> map = new LinkedHashMap<>();
            d.entries().forEach(e -> map.put(toText(e.key()), toJava(e.value())));
            return map;
        }
        if (o.baseValue() != null && o.toStringValue() == null) {
            return toJava(o.baseValue());
        }
        if (o.toStringValue() != null && o.adaptedProperties().isEmpty() && o.extendedProperties().isEmpty()) {
            return o.toStringValue();
        }
        if (o.toStringValue() != null && o.baseValue() != null) {
            return o.toStringValue();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        properties(o).forEach((k, v) -> map.put(k, toJava(v)));
        return map;
    }
}
