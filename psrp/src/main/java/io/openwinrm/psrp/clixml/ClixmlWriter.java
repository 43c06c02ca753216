package io.openwinrm.psrp.clixml;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLIXML serializer ([MS-PSRP] 2.2.5). Writes one value as PowerShell does for a PSRP message: no XML
 * declaration, no namespace, object RefIds and type-name RefIds counted from 0 per document, a repeated type-name
 * list as {@code <TNRef>}, a repeated {@link PsObject} instance as {@code <Ref>}, and the parts of an object in
 * PowerShell's order (TN, ToString, primitive or collection, Props, MS). Strings are {@code _xHHHH_}-escaped
 * ({@link ClixmlEscaping}) and then XML-escaped. Stateless and thread-safe: all state lives in one call.
 *
 * <p>Values nested deeper than {@link #MAX_DEPTH} objects are refused with {@link IllegalArgumentException} rather
 * than a stack overflow (what the reader accepts is far shallower).
 */
public final class ClixmlWriter {
    /** Deepest object nesting the writer accepts. */
    public static final int MAX_DEPTH = 1000;

    /** The CLIXML text of a value. */
    public String write(PsValue value) {
        Document d = new Document();
        d.value(value, null, 0);
        return d.out.toString();
    }

    /** The CLIXML of a value as UTF-8 bytes without BOM (pypsrp and psrpcore write none; readers accept both). */
    public byte[] writeUtf8(PsValue value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /** State of one document. */
    private static final class Document {
        private final StringBuilder out = new StringBuilder(256);
        private final Map<PsObject, Integer> refIds = new IdentityHashMap<>();
        private final Map<List<String>, Integer> typeNameIds = new HashMap<>();

        void value(PsValue v, String name, int depth) {
            if (v instanceof PsPrimitive p) {
                primitive(p, name);
            } else if (v instanceof PsObject o) {
                if (depth >= MAX_DEPTH) {
                    throw new IllegalArgumentException("the value nests deeper than " + MAX_DEPTH + " objects");
                }
                object(o, name, depth + 1);
            } else {
                out.append("<Nil");
                name(name);
                out.append(" />");
            }
        }

        private void primitive(PsPrimitive p, String name) {
            out.append('<').append(p.tag());
            name(name);
            String text = p.text();
            if (text.isEmpty()) {
                out.append(" />");
                return;
            }
            out.append('>');
            escape(ClixmlEscaping.encode(text), false);
            out.append("</").append(p.tag()).append('>');
        }

        private void object(PsObject o, String name, int depth) {
            Integer existing = refIds.get(o);
            if (existing != null) {
                out.append("<Ref");
                name(name);
                out.append(" RefId=\"").append(existing).append("\" />");
                return;
            }
            int refId = refIds.size();
            refIds.put(o, refId);
            out.append("<Obj");
            name(name);
            out.append(" RefId=\"").append(refId).append("\">");
            if (!o.typeNames().isEmpty()) {
                typeNames(o.typeNames());
            }
            if (o.toStringValue() != null) {
                out.append("<ToString>");
                escape(ClixmlEscaping.encode(o.toStringValue()), false);
                out.append("</ToString>");
            }
            if (o.baseValue() != null) {
                primitive(o.baseValue(), null);
            }
            if (o.container() != null) {
                container(o.container(), depth);
            }
            properties("Props", o.adaptedProperties(), depth);
            properties("MS", o.extendedProperties(), depth);
            out.append("</Obj>");
        }

        private void typeNames(List<String> names) {
            Integer id = typeNameIds.get(names);
            if (id != null) {
                out.append("<TNRef RefId=\"").append(id).append("\" />");
                return;
            }
            id = typeNameIds.size();
            typeNameIds.put(names, id);
            out.append("<TN RefId=\"").append(id).append("\">");
            for (String t : names) {
                out.append("<T>");
                escape(ClixmlEscaping.encode(t), false);
                out.append("</T>");
            }
            out.append("</TN>");
        }

        private void container(PsContainer c, int depth) {
            if (c instanceof PsList l) {
                items(l.kind().tag(), l.items(), depth);
            } else if (c instanceof PsDictionary d) {
                if (d.entries().isEmpty()) {
                    out.append("<DCT />");
                    return;
                }
                out.append("<DCT>");
                for (PsDictionary.Entry e : d.entries()) {
                    out.append("<En>");
                    value(e.key(), "Key", depth);
                    value(e.value(), "Value", depth);
                    out.append("</En>");
                }
                out.append("</DCT>");
            }
        }

        private void items(String tag, List<PsValue> items, int depth) {
            if (items.isEmpty()) {
                out.append('<').append(tag).append(" />");
                return;
            }
            out.append('<').append(tag).append('>');
            for (PsValue item : items) {
                value(item, null, depth);
            }
            out.append("</").append(tag).append('>');
        }

        private void properties(String tag, List<PsProperty> props, int depth) {
            if (props.isEmpty()) {
                return;
            }
            out.append('<').append(tag).append('>');
            for (PsProperty p : props) {
                value(p.value(), p.name(), depth);
            }
            out.append("</").append(tag).append('>');
        }

        private void name(String name) {
            if (name != null) {
                out.append(" N=\"");
                escape(ClixmlEscaping.encode(name), true);
                out.append('"');
            }
        }

        private void escape(String s, boolean attribute) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '"' -> out.append(attribute ? "&quot;" : "\"");
                    default -> out.append(c);
                }
            }
        }
    }
}
