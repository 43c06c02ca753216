package io.openwinrm.psrp.clixml;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A complex object, {@code <Obj>} ([MS-PSRP] 2.2.5.2): type names, an optional ToString, an optional primitive
 * base value (enums, extended primitives), an optional container, adapted properties ({@code <Props>}) and
 * extended properties ({@code <MS>}). Any part may be absent.
 *
 * <p>Immutable and compared structurally. When CLIXML references ({@code <Ref>}) point at an object, the reader
 * returns the same instance in each place and the writer turns a repeated instance back into a reference.
 *
 * @param typeNames          most specific first, e.g. {@code System.Management.Automation.ErrorRecord},
 *                           {@code System.Object}; empty for a property bag
 * @param toStringValue      the {@code <ToString>} text, or null
 * @param baseValue          the primitive element inside the object (an enum's {@code <I32>}), or null
 * @param container          the list or dictionary, or null
 * @param adaptedProperties  {@code <Props>} children in order
 * @param extendedProperties {@code <MS>} children in order
 */
public record PsObject(List<String> typeNames, String toStringValue, PsPrimitive baseValue, PsContainer container,
        List<PsProperty> adaptedProperties, List<PsProperty> extendedProperties) implements PsValue {

    public PsObject {
        typeNames = List.copyOf(typeNames);
        adaptedProperties = List.copyOf(adaptedProperties);
        extendedProperties = List.copyOf(extendedProperties);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An object with only extended properties ({@code <Obj><MS>...</MS></Obj>}), the shape of most messages. */
    public static PsObject ofProperties(List<PsProperty> extendedProperties) {
        return new PsObject(List.of(), null, null, null, List.of(), extendedProperties);
    }

    /** An enum value as PowerShell serializes it: type names, {@code <ToString>} name, {@code <I32>} value. */
    public static PsObject ofEnum(List<String> typeNames, String name, int value) {
        return new PsObject(typeNames, name, new PsInteger(IntegerType.INT32, value), null, List.of(), List.of());
    }

    /** A list of the given kind with the given type names. */
    public static PsObject ofList(List<String> typeNames, ListKind kind, List<? extends PsValue> items) {
        return new PsObject(typeNames, null, null, new PsList(kind, List.copyOf(items)), List.of(), List.of());
    }

    /**
     * A property by name, extended properties first, then adapted ones; names compare ignoring case (PowerShell
     * is case-insensitive and pypsrp writes {@code CI} where PowerShell writes {@code ci}).
     */
    public Optional<PsValue> property(String name) {
        for (PsProperty p : extendedProperties) {
            if (p.name().equalsIgnoreCase(name)) {
                return Optional.of(p.value());
            }
        }
        for (PsProperty p : adaptedProperties) {
            if (p.name().equalsIgnoreCase(name)) {
                return Optional.of(p.value());
            }
        }
        return Optional.empty();
    }

    /** True if {@code name} is one of the type names. */
    public boolean isA(String name) {
        return typeNames.contains(name);
    }

    /** The enum's integer when this object's base value is an integer (how PSRP enums travel). */
    public Optional<Long> enumValue() {
        return baseValue instanceof PsInteger i ? Optional.of(i.value()) : Optional.empty();
    }

    /** Items of a list-like container, or empty when there is none. */
    public List<PsValue> listItems() {
        return container instanceof PsList l ? l.items() : List.of();
    }

    /** A builder with all parts empty. */
    public static final class Builder {
        private final List<String> typeNames = new ArrayList<>();
        private String toStringValue;
        private PsPrimitive baseValue;
        private PsContainer container;
        private final List<PsProperty> adapted = new ArrayList<>();
        private final List<PsProperty> extended = new ArrayList<>();

        private Builder() {
        }

        public Builder typeNames(List<String> names) {
            typeNames.clear();
            typeNames.addAll(names);
            return this;
        }

        public Builder toStringValue(String s) {
            toStringValue = s;
            return this;
        }

        public Builder baseValue(PsPrimitive v) {
            baseValue = v;
            return this;
        }

        public Builder container(PsContainer c) {
            container = c;
            return this;
        }

        public Builder adapted(String name, PsValue value) {
            adapted.add(new PsProperty(name, Objects.requireNonNull(value, name)));
            return this;
        }

        public Builder extended(String name, PsValue value) {
            extended.add(new PsProperty(name, Objects.requireNonNull(value, name)));
            return this;
        }

        public PsObject build() {
            return new PsObject(typeNames, toStringValue, baseValue, container, adapted, extended);
        }
    }
}
