package io.openwinrm.protocol.shell;

import java.util.Optional;

/** {@code rsp:State} of a shell in a Get or Enumerate response ([MS-WSMV] 2.2.4.37, StateType). */
public enum ConnectionState {
    /** A client is connected to the shell. */
    CONNECTED("Connected"),
    /** The shell was disconnected ([MS-WSMV] 3.1.4.15) and waits for Reconnect or Connect. */
    DISCONNECTED("Disconnected");

    private final String wireName;

    ConnectionState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Parses a schema value, ignoring case and surrounding whitespace. */
    public static Optional<ConnectionState> fromWire(String text) {
        if (text != null) {
            for (ConnectionState s : values()) {
                if (s.wireName.equalsIgnoreCase(text.strip())) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }
}
