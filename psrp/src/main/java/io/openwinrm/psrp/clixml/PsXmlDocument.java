package io.openwinrm.psrp.clixml;

import java.util.Objects;

/** {@code <XD>}: a XmlDocument kept as text, never interpreted here ([MS-PSRP] 2.2.5.1.22). */
public record PsXmlDocument(String xml) implements PsPrimitive {
    public PsXmlDocument {
        Objects.requireNonNull(xml, "xml");
    }

    @Override
    public String tag() {
        return "XD";
    }

    @Override
    public String text() {
        return xml;
    }
}
