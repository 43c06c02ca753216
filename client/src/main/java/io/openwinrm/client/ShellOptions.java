package io.openwinrm.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to ask for when opening a shell ([MS-WSMV] 3.1.4.5.2): working directory, environment, idle timeout, code page
 * and profile loading. Immutable; use the {@code with...} methods.
 */
public record ShellOptions(String workingDirectory, Map<String, String> environment, Optional<Duration> idleTimeout,
        int codepage, boolean noProfile) {

    /** UTF-8, the default code page. */
    public static final int UTF8_CODEPAGE = 65001;

    public static final ShellOptions DEFAULT = new ShellOptions(null, Map.of(), Optional.empty(), UTF8_CODEPAGE,
            false);

    public ShellOptions {
        environment = Map.copyOf(environment == null ? Map.of() : environment);
        idleTimeout = idleTimeout == null ? Optional.empty() : idleTimeout;
    }

    public ShellOptions withWorkingDirectory(String dir) {
        return new ShellOptions(dir, environment, idleTimeout, codepage, noProfile);
    }

    public ShellOptions withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return new ShellOptions(workingDirectory, env, idleTimeout, codepage, noProfile);
    }

    public ShellOptions withIdleTimeout(Duration d) {
        return new ShellOptions(workingDirectory, environment, Optional.of(d), codepage, noProfile);
    }

    public ShellOptions withCodepage(int cp) {
        return new ShellOptions(workingDirectory, environment, idleTimeout, cp, noProfile);
    }

    public ShellOptions withNoProfile(boolean np) {
        return new ShellOptions(workingDirectory, environment, idleTimeout, codepage, np);
    }
}
