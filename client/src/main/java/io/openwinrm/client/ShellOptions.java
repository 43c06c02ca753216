package io.openwinrm.client;

import io.openwinrm.protocol.wsman.ResourceUris;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to ask for when opening a shell ([MS-WSMV] 3.1.4.5.2): the shell resource, working directory, environment,
 * idle timeout, code page, profile loading and (OpenWinRM login shells only) a pseudo-terminal. Immutable; use the
 * {@code with...} methods.
 *
 * @param resourceUri the shell's resource URI: {@link ResourceUris#CMD_SHELL} (the default: every command in a
 *                    fresh {@code /bin/sh -c} or {@code cmd /c}) or {@link #LOGIN_SHELL_RESOURCE_URI}
 * @param pty         a pseudo-terminal for the shell's commands, only on {@link #LOGIN_SHELL_RESOURCE_URI}
 */
public record ShellOptions(String workingDirectory, Map<String, String> environment, Optional<Duration> idleTimeout,
        int codepage, boolean noProfile, String resourceUri, Optional<Pty> pty) {

    /** UTF-8, the default code page. */
    public static final int UTF8_CODEPAGE = 65001;

    /**
     * OpenWinRM's stateful shell: one interpreter (the account's login shell) runs every command, so the working
     * directory, variables and functions persist from one command to the next.
     */
    public static final String LOGIN_SHELL_RESOURCE_URI = ResourceUris.LOGIN_SHELL;
    /** Resource URI prefix of OpenWinRM endpoints; the endpoint name follows. */
    public static final String ENDPOINT_PREFIX = "http://schemas.openwinrm.io/wbem/wsman/1/shell/";

    public static final ShellOptions DEFAULT = new ShellOptions(null, Map.of(), Optional.empty(), UTF8_CODEPAGE,
            false);

    public ShellOptions {
        environment = Map.copyOf(environment == null ? Map.of() : environment);
        idleTimeout = idleTimeout == null ? Optional.empty() : idleTimeout;
        resourceUri = resourceUri == null ? ResourceUris.CMD_SHELL : resourceUri;
        pty = pty == null ? Optional.empty() : pty;
    }

    /** Options for the cmd shell resource, without a PTY. */
    public ShellOptions(String workingDirectory, Map<String, String> environment, Optional<Duration> idleTimeout,
            int codepage, boolean noProfile) {
        this(workingDirectory, environment, idleTimeout, codepage, noProfile, ResourceUris.CMD_SHELL,
                Optional.empty());
    }

    public ShellOptions withWorkingDirectory(String dir) {
        return new ShellOptions(dir, environment, idleTimeout, codepage, noProfile, resourceUri, pty);
    }

    public ShellOptions withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return new ShellOptions(workingDirectory, env, idleTimeout, codepage, noProfile, resourceUri, pty);
    }

    public ShellOptions withIdleTimeout(Duration d) {
        return new ShellOptions(workingDirectory, environment, Optional.of(d), codepage, noProfile, resourceUri, pty);
    }

    public ShellOptions withCodepage(int cp) {
        return new ShellOptions(workingDirectory, environment, idleTimeout, cp, noProfile, resourceUri, pty);
    }

    public ShellOptions withNoProfile(boolean np) {
        return new ShellOptions(workingDirectory, environment, idleTimeout, codepage, np, resourceUri, pty);
    }

    /** The shell resource every operation on the shell addresses ([MS-WSMV] 2.2.4.37). */
    public ShellOptions withResourceUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.isBlank()) {
            throw new IllegalArgumentException("empty resource URI");
        }
        return new ShellOptions(workingDirectory, environment, idleTimeout, codepage, noProfile, uri, pty);
    }

    /** OpenWinRM's stateful login shell ({@link #LOGIN_SHELL_RESOURCE_URI}). */
    /**
     * The endpoint (session configuration) named {@code name}, as PowerShell's {@code -ConfigurationName}: resource
     * URI {@code http://schemas.openwinrm.io/wbem/wsman/1/shell/NAME}; {@code cmd} is the default endpoint.
     */
    public ShellOptions withEndpoint(String name) {
        return withResourceUri(name.equals("cmd") ? ResourceUris.CMD_SHELL : ENDPOINT_PREFIX + name);
    }

    public ShellOptions withLoginShell() {
        return withResourceUri(LOGIN_SHELL_RESOURCE_URI);
    }

    /**
     * Runs the shell's commands under a pseudo-terminal of this size and {@code TERM} (OpenWinRM login shells); an
     * empty command line then starts the account's interactive login shell.
     *
     * @throws IllegalArgumentException see {@link Pty#Pty(int, int, String)}
     */
    public ShellOptions withPty(int columns, int rows, String term) {
        return new ShellOptions(workingDirectory, environment, idleTimeout, codepage, noProfile, resourceUri,
                Optional.of(new Pty(columns, rows, term)));
    }
}
