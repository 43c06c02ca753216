package io.openwinrm.protocol.soap;

import io.openwinrm.protocol.wsman.Header;
import java.util.Objects;

/** A SOAP 1.2 envelope: WS-Management header plus a typed body ([MS-WSMV] 2.2.2). */
public record Envelope(Header header, Body body) {
    public Envelope {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
    }

    /** The body cast to {@code type}, or a {@link ClassCastException} naming both types. */
    public <T extends Body> T body(Class<T> type) {
        if (!type.isInstance(body)) {
            throw new ClassCastException("expected body " + type.getSimpleName() + " but was "
                    + body.getClass().getSimpleName());
        }
        return type.cast(body);
    }
}
