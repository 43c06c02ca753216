package io.openwinrm.protocol.soap;

import java.util.Objects;
import javax.xml.namespace.QName;

/**
 * A body whose first element the codec does not model (e.g. {@code n:Enumerate}, {@code cfg:Config}).
 * The dispatcher decides the reaction (normally {@code a:ActionNotSupported}).
 */
public record UnsupportedBody(QName element) implements Body {
    public UnsupportedBody {
        Objects.requireNonNull(element, "element");
    }
}
