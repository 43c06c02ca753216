package io.openwinrm.protocol.shell;

import java.util.Optional;

/** Command lifecycle states reported in {@code rsp:CommandState/@State} ([MS-WSMV] 2.2.4.9, 3.1.4.14). */
public enum CommandState {
    PENDING("Pending"),
    RUNNING("Running"),
    DONE("Done");

    /** Prefix of every state URI. */
    public static final String URI_PREFIX = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/";

    private final String uri;

    CommandState(String suffix) {
        this.uri = URI_PREFIX + suffix;
    }

    public String uri() {
        return uri;
    }

    /** Lenient: ignores case and accepts the bare suffix ({@code Done}) as well as the full URI. */
    public static Optional<CommandState> fromUri(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        String s = uri.strip();
        int slash = s.lastIndexOf('/');
        String suffix = slash >= 0 ? s.substring(slash + 1) : s;
        if (slash >= 0 && !s.substring(0, slash + 1).equalsIgnoreCase(URI_PREFIX)) {
            return Optional.empty();
        }
        for (CommandState c : values()) {
            if (c.name().equalsIgnoreCase(suffix)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
