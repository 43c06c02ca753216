package io.openwinrm.protocol.shell;

import java.util.Optional;

/**
 * What the server does with a command's output while its shell is disconnected and the output buffer is full
 * ([MS-WSMV] 2.2.5.10 OutputBufferingModeEnumeration; used in {@code rsp:Disconnect} 2.2.4.15 and {@code rsp:Shell}
 * 2.2.4.37).
 */
public enum BufferMode {
    /** The command is paused until the client reconnects and reads (Windows' default). */
    BLOCK("Block"),
    /** The oldest buffered output is discarded to make room for new output. */
    DROP("Drop");

    private final String wireName;

    BufferMode(String wireName) {
        this.wireName = wireName;
    }

    /** The schema value, {@code Block} or {@code Drop}. */
    public String wireName() {
        return wireName;
    }

    /** Parses a schema value, ignoring case and surrounding whitespace. */
    public static Optional<BufferMode> fromWire(String text) {
        if (text != null) {
            for (BufferMode m : values()) {
                if (m.wireName.equalsIgnoreCase(text.strip())) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }
}
