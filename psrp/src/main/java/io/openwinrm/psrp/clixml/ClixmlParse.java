package io.openwinrm.psrp.clixml;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One CLIXML document being read: a recursive descent over the StAX events with its own reference tables
 * (object RefIds and type-name RefIds are separate counters, [MS-PSRP] 2.2.5.2.1 and 2.2.5.2.3) and counters.
 * Recursion depth is bounded by {@link ClixmlLimits#maxDepth()}.
 */
final class ClixmlParse {
    private final XMLStreamReader r;
    private final ClixmlLimits limits;
    private final Map<String, PsObject> objects = new HashMap<>();
    private final Map<String, Long> weights = new HashMap<>();
    private final Set<String> underConstruction = new HashSet<>();
    private final Map<String, List<String>> typeNames = new HashMap<>();
    private int elements;

    ClixmlParse(XMLStreamReader r, ClixmlLimits limits) {
        this.r = r;
        this.limits = limits;
    }

    /** A value read with its property name (N attribute, may be null) and its reference-expanded size. */
    private record Read(String name, PsValue value, long weight) {
    }

    PsValue document() throws XMLStreamException {
        if (!nextChild()) {
            throw malformed("no CLIXML element");
        }
        PsValue value = value(1).value();
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                throw malformed("more than one value at the top level: <" + r.getLocalName() + ">");
            }
            checkText(ev);
        }
        return value;
    }

    private Read value(int depth) throws XMLStreamException {
        enter(depth);
        String tag = r.getLocalName();
        String name = attribute("N");
        name = name == null ? null : ClixmlEscaping.decode(name);
        switch (tag) {
            case "Nil" -> {
                skipEmpty(tag);
                return new Read(name, PsNull.INSTANCE, 1);
            }
            case "Ref" -> {
                return reference(name);
            }
            case "Obj" -> {
                return object(name, depth);
            }
            default -> {
                if (!Primitives.isPrimitiveTag(tag)) {
                    throw malformed("unknown element <" + tag + ">");
                }
                return new Read(name, primitive(tag), 1);
            }
        }
    }

    private PsPrimitive primitive(String tag) throws XMLStreamException {
        String text = text(tag);
        boolean escaped = tag.equals("S") || tag.equals("URI") || tag.equals("XD") || tag.equals("SBK");
        return Primitives.parse(tag, escaped ? ClixmlEscaping.decode(text) : text);
    }

    private Read reference(String name) throws XMLStreamException {
        String refId = attribute("RefId");
        if (refId == null) {
            throw malformed("<Ref> without RefId");
        }
        skipEmpty("Ref");
        PsObject target = objects.get(refId);
        if (target == null) {
            throw malformed(underConstruction.contains(refId)
                    ? "reference loop: <Ref RefId=\"" + PsrpException.excerpt(refId) + "\"> points to an object that contains it"
                    : "dangling reference: no object with RefId \"" + PsrpException.excerpt(refId) + "\" precedes it");
        }
        return new Read(name, target, weights.get(refId));
    }

    private Read object(String name, int depth) throws XMLStreamException {
        String refId = attribute("RefId");
        if (refId != null && (objects.containsKey(refId) || !underConstruction.add(refId))) {
            throw malformed("RefId \"" + PsrpException.excerpt(refId) + "\" used by two objects");
        }
        ObjectParts parts = new ObjectParts();
        while (nextChild()) {
            objectPart(parts, depth + 1);
        }
        PsObject obj = parts.build();
        if (refId != null) {
            underConstruction.remove(refId);
            objects.put(refId, obj);
            weights.put(refId, parts.weight);
        }
        return new Read(name, obj, parts.weight);
    }

    private void objectPart(ObjectParts parts, int depth) throws XMLStreamException {
        enter(depth);
        String tag = r.getLocalName();
        switch (tag) {
            case "TN" -> parts.setTypeNames(typeNameList(depth));
            case "TNRef" -> {
                String id = attribute("RefId");
                skipEmpty(tag);
                List<String> names = id == null ? null : typeNames.get(id);
                if (names == null) {
                    throw malformed("<TNRef RefId=\"" + PsrpException.excerpt(id) + "\"> names no earlier <TN>");
                }
                parts.setTypeNames(names);
            }
            case "ToString" -> parts.setToString(ClixmlEscaping.decode(text(tag)));
            case "Props", "MS" -> {
                List<PsProperty> props = new ArrayList<>();
                while (nextChild()) {
                    Read read = value(depth + 1);
                    if (read.name() == null) {
                        throw malformed("a member of <" + tag + "> has no N attribute");
                    }
                    props.add(new PsProperty(read.name(), read.value()));
                    parts.add(read.weight());
                }
                parts.setProperties(tag, props);
            }
            case "DCT" -> parts.setContainer(dictionary(parts, depth));
            default -> {
                if (ListKind.ofTag(tag).isPresent()) {
                    List<PsValue> items = new ArrayList<>();
                    while (nextChild()) {
                        Read read = value(depth + 1);
                        items.add(read.value());
                        parts.add(read.weight());
                    }
                    parts.setContainer(new PsList(ListKind.ofTag(tag).get(), items));
                } else if (Primitives.isPrimitiveTag(tag)) {
                    parts.setBaseValue(primitive(tag));
                } else if (tag.equals("Nil")) {
                    skipEmpty(tag);
                } else {
                    throw malformed("unknown element <" + tag + "> in <Obj>");
                }
            }
        }
        if (parts.weight > limits.maxExpandedValues()) {
            throw new PsrpException(PsrpError.LIMIT_EXCEEDED, "CLIXML references expand to more than "
                    + limits.maxExpandedValues() + " values");
        }
    }

    private List<String> typeNameList(int depth) throws XMLStreamException {
        String id = attribute("RefId");
        List<String> names = new ArrayList<>();
        while (nextChild()) {
            enter(depth + 1);
            if (!r.getLocalName().equals("T")) {
                throw malformed("unexpected <" + r.getLocalName() + "> in <TN>");
            }
            names.add(ClixmlEscaping.decode(text("T")));
        }
        if (id != null && typeNames.putIfAbsent(id, List.copyOf(names)) != null) {
            throw malformed("TN RefId \"" + PsrpException.excerpt(id) + "\" used twice");
        }
        return names;
    }

    private PsDictionary dictionary(ObjectParts parts, int depth) throws XMLStreamException {
        List<PsDictionary.Entry> entries = new ArrayList<>();
        while (nextChild()) {
            enter(depth + 1);
            if (!r.getLocalName().equals("En")) {
                throw malformed("unexpected <" + r.getLocalName() + "> in <DCT>");
            }
            PsValue key = null;
            PsValue value = null;
            while (nextChild()) {
                Read read = value(depth + 2);
                parts.add(read.weight());
                if ("Key".equals(read.name()) && key == null) {
                    key = read.value();
                } else if ("Value".equals(read.name()) && value == null) {
                    value = read.value();
                } else {
                    throw malformed("a <DCT> entry holds a member other than one Key and one Value");
                }
            }
            if (key == null || value == null) {
                throw malformed("a <DCT> entry lacks its " + (key == null ? "Key" : "Value"));
            }
            entries.add(new PsDictionary.Entry(key, value));
        }
        return new PsDictionary(entries);
    }

    // ---- cursor helpers

    private void enter(int depth) {
        if (++elements > limits.maxElements()) {
            throw new PsrpException(PsrpError.LIMIT_EXCEEDED, "CLIXML has more than " + limits.maxElements()
                    + " elements");
        }
        if (depth > limits.maxDepth()) {
            throw new PsrpException(PsrpError.LIMIT_EXCEEDED, "CLIXML nests deeper than " + limits.maxDepth()
                    + " elements");
        }
    }

    /** Next child START_ELEMENT (true) or the parent's END_ELEMENT (false); only whitespace text in between. */
    private boolean nextChild() throws XMLStreamException {
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
            checkText(ev);
        }
        throw malformed("unexpected end of document");
    }

    private void checkText(int ev) {
        switch (ev) {
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                if (!r.isWhiteSpace()) {
                    throw malformed("unexpected text between elements");
                }
            }
            case XMLStreamConstants.DTD -> throw malformed("a DOCTYPE declaration is not allowed");
            case XMLStreamConstants.ENTITY_REFERENCE -> throw malformed("entity references are not allowed");
            default -> {
                // comments, processing instructions, end of document
            }
        }
    }

    /** Text content of a leaf element, bounded; positioned on its END_ELEMENT afterwards. */
    private String text(String tag) throws XMLStreamException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (sb.length() + r.getTextLength() > limits.maxStringLength()) {
                        throw new PsrpException(PsrpError.LIMIT_EXCEEDED, "<" + tag + "> text longer than "
                                + limits.maxStringLength() + " characters");
                    }
                    sb.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return sb.toString();
                }
                case XMLStreamConstants.START_ELEMENT -> throw malformed("unexpected element <"
                        + r.getLocalName() + "> inside <" + tag + ">");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw malformed("entity references are not allowed");
                default -> {
                    // comments, processing instructions
                }
            }
        }
    }

    private void skipEmpty(String tag) throws XMLStreamException {
        if (nextChild()) {
            throw malformed("<" + tag + "> must be empty");
        }
    }

    private String attribute(String localName) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            if (r.getAttributeLocalName(i).equals(localName)) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }

    private static PsrpException malformed(String message) {
        return new PsrpException(PsrpError.MALFORMED_CLIXML, message);
    }

    /** The parts of an {@code <Obj>} as they are read; each part at most once. */
    private static final class ObjectParts {
        private List<String> typeNames;
        private String toString;
        private PsPrimitive baseValue;
        private PsContainer container;
        private List<PsProperty> adapted;
        private List<PsProperty> extended;
        private long weight = 1;

        void add(long w) {
            weight = weight + w < 0 ? Long.MAX_VALUE : weight + w;
        }

        void setTypeNames(List<String> names) {
            typeNames = once(typeNames, names, "type names");
        }

        void setToString(String s) {
            toString = once(toString, s, "ToString");
        }

        void setBaseValue(PsPrimitive v) {
            baseValue = once(baseValue, v, "primitive value");
        }

        void setContainer(PsContainer c) {
            container = once(container, c, "collection");
        }

        void setProperties(String tag, List<PsProperty> props) {
            if (tag.equals("MS")) {
                extended = once(extended, props, "<MS>");
            } else {
                adapted = once(adapted, props, "<Props>");
            }
        }

        private static <T> T once(T current, T next, String what) {
            if (current != null) {
                throw malformed("an <Obj> has two " + what);
            }
            return next;
        }

        PsObject build() {
            return new PsObject(typeNames == null ? List.of() : typeNames, toString, baseValue, container,
                    adapted == null ? List.of() : adapted, extended == null ? List.of() : extended);
        }
    }
}
