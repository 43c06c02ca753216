package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsPrimitive;
import io.openwinrm.psrp.clixml.PsValue;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Select-Object with JEA's narrowed parameters: {@code -Property} and {@code -ExpandProperty} only from JEA's fixed
 * list of CommandInfo properties (psrp.md §6), plus {@code -First}, {@code -Last}, {@code -Skip}, {@code -Index}
 * and {@code -Unique}. Memory is bounded: {@code -Last} and {@code -Index} keep at most {@link #MAX_KEPT} objects,
 * {@code -Unique} remembers at most that many distinct values.
 */
final class SelectObjectStage implements Stage {

    /** The properties JEA's Select-Object proxy admits. */
    static final List<String> ALLOWED_PROPERTIES = List.of("ModuleName", "Namespace", "OutputType", "Count", "HelpUri",
            "Name", "CommandType", "ResolvedCommandName", "DefaultParameterSet", "CmdletBinding", "Parameters");
    static final int MAX_KEPT = 10_000;

    private final List<String> properties;
    private final String expand;
    private final int first;
    private final int last;
    private final int skip;
    private final Set<Integer> index;
    private final boolean unique;
    private final ArrayDeque<PsValue> tail = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();
    private int position;
    private int passed;

    SelectObjectStage(BoundParameters p) throws ParameterBinder.BindingException {
        this.properties = p.list("Property").stream().map(SelectObjectStage::canonical).toList();
        this.expand = p.one("ExpandProperty").map(SelectObjectStage::canonical).orElse(null);
        for (String name : p.has("ExpandProperty") ? List.of(p.one("ExpandProperty").get()) : p.list("Property")) {
            if (canonical(name) == null) {
                throw invalid("Cannot validate argument on parameter '" + (p.has("ExpandProperty") ? "ExpandProperty"
                        : "Property") + "'. The argument \"" + PsrpException.excerpt(name)
                        + "\" does not belong to the set \"" + String.join(",", ALLOWED_PROPERTIES)
                        + "\" specified by the ValidateSet attribute.");
            }
        }
        this.first = p.integer("First").orElse(Integer.MAX_VALUE);
        this.last = p.integer("Last").orElse(-1);
        this.skip = p.integer("Skip").orElse(0);
        TreeSet<Integer> idx = new TreeSet<>();
        for (String i : p.list("Index")) {
            try {
                idx.add(Integer.parseInt(i.strip()));
            } catch (NumberFormatException e) {
                throw invalid("Cannot convert value \"" + PsrpException.excerpt(i)
                        + "\" to type \"System.Int32\" (parameter 'Index').");
            }
        }
        this.index = idx;
        this.unique = p.isSet("Unique");
        if (first < 0 || skip < 0 || last > MAX_KEPT || idx.size() > MAX_KEPT
                || !idx.isEmpty() && (idx.first() < 0 || idx.last() > Integer.MAX_VALUE - 1)) {
            throw invalid("Cannot validate the arguments of Select-Object: -First, -Skip and -Index must not be "
                    + "negative, -Last and the number of indexes at most " + MAX_KEPT + ".");
        }
    }

    @Override
    public void process(PsValue input, Sink next) throws InterruptedException {
        int at = position++;
        if (!index.isEmpty()) {
            if (index.contains(at)) {
                emit(input, next);
            }
            return;
        }
        if (at < skip) {
            return;
        }
        if (last >= 0) {
            tail.addLast(input);
            if (tail.size() > last) {
                tail.removeFirst();
            }
            return;
        }
        if (passed < first) {
            emit(input, next);
        }
    }

    @Override
    public void end(Sink next) throws InterruptedException {
        while (!tail.isEmpty()) {
            emit(tail.removeFirst(), next);
        }
    }

    private void emit(PsValue input, Sink next) throws InterruptedException {
        PsValue out = project(input);
        if (unique) {
            String key = OutDefaultStage.display(out);
            if (seen.contains(key)) {
                return;
            }
            if (seen.size() < MAX_KEPT) {
                seen.add(key);
            }
        }
        passed++;
        next.accept(out);
    }

    private PsValue project(PsValue input) {
        if (expand != null) {
            return property(input, expand);
        }
        if (properties.isEmpty()) {
            return input;
        }
        String firstType = input instanceof PsObject o && !o.typeNames().isEmpty() ? o.typeNames().get(0)
                : input instanceof PsPrimitive ? "System.String" : "System.Object";
        PsObject.Builder b = PsObject.builder().typeNames(List.of("Selected." + firstType,
                "System.Management.Automation.PSCustomObject", "System.Object"));
        for (String name : properties) {
            b.extended(name, property(input, name));
        }
        return b.build();
    }

    private static PsValue property(PsValue input, String name) {
        return input instanceof PsObject o ? o.property(name).orElse(PsNull.INSTANCE) : PsNull.INSTANCE;
    }

    /** The allowed property's canonical spelling, or null. */
    private static String canonical(String name) {
        return ALLOWED_PROPERTIES.stream().filter(a -> a.equalsIgnoreCase(name.strip())).findFirst().orElse(null);
    }

    private static ParameterBinder.BindingException invalid(String message) {
        return new ParameterBinder.BindingException(ErrorRecords.parameterBinding("Select-Object",
                "ParameterArgumentValidationError", message));
    }
}
