package io.openwinrm.server.shell;

import io.openwinrm.server.command.TerminalSpec;
import io.openwinrm.server.shell.InvalidArgumentException.Parameter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client asked for in a WinRS Create ([MS-WSMV] 3.1.4.5.2, {@code rsp:Shell} 2.2.4.37, options
 * WINRS_CODEPAGE and WINRS_NOPROFILE).
 *
 * @param shellId          client-chosen {@code ShellId} attribute, or null to generate one
 * @param workingDirectory {@code rsp:WorkingDirectory}, or null for the owner's home (else the server's directory);
 *                         a relative path is resolved against that default
 * @param environment      {@code rsp:Environment} variables, added to the minimal server environment
 * @param idleTimeout      {@code rsp:IdleTimeOut}; clamped by the server's limits
 * @param codepage         console codepage; 65001 (UTF-8) unless the client says otherwise
 * @param noProfile        WINRS_NOPROFILE (accepted; this server never loads a profile)
 * @param inputStreams     {@code rsp:InputStreams}, e.g. [stdin]
 * @param outputStreams    {@code rsp:OutputStreams}, e.g. [stdout, stderr]
 * @param stateful         the OpenWinRM login shell ({@code ResourceUris.LOGIN_SHELL}): without a terminal, all
 *                         commands run in one interpreter, the owner's login shell
 * @param terminal         OpenWinRM option {@code OPENWINRM_PTY}: every command runs under its own pseudo-terminal
 */
public record ShellSpec(String shellId, String workingDirectory, Map<String, String> environment,
                        Optional<Duration> idleTimeout, int codepage, boolean noProfile,
                        List<String> inputStreams, List<String> outputStreams, boolean stateful,
                        Optional<TerminalSpec> terminal) {

    public static final int UTF_8_CODEPAGE = 65001;

    /**
     * @throws InvalidArgumentException if an environment variable name is empty or contains {@code =} or NUL, or a
     *                                  value contains NUL
     */
    public ShellSpec {
        environment = Map.copyOf(environment);
        environment.forEach(ShellSpec::checkVariable);
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        inputStreams = List.copyOf(inputStreams);
        outputStreams = List.copyOf(outputStreams);
        Objects.requireNonNull(terminal, "terminal");
    }

    /** A WinRS cmd shell: a new process per command, no terminal. */
    public ShellSpec(String shellId, String workingDirectory, Map<String, String> environment,
                     Optional<Duration> idleTimeout, int codepage, boolean noProfile, List<String> inputStreams,
                     List<String> outputStreams) {
        this(shellId, workingDirectory, environment, idleTimeout, codepage, noProfile, inputStreams, outputStreams,
                false, Optional.empty());
    }

    /** A cmd shell as most clients create it: stdin in, stdout and stderr out, UTF-8, no options. */
    public static ShellSpec defaults() {
        return new ShellSpec(null, null, Map.of(), Optional.empty(), UTF_8_CODEPAGE, false,
                List.of("stdin"), List.of("stdout", "stderr"));
    }

    public ShellSpec withShellId(String value) {
        return new ShellSpec(value, workingDirectory, environment, idleTimeout, codepage, noProfile, inputStreams,
                outputStreams, stateful, terminal);
    }

    public ShellSpec withWorkingDirectory(String value) {
        return new ShellSpec(shellId, value, environment, idleTimeout, codepage, noProfile, inputStreams,
                outputStreams, stateful, terminal);
    }

    public ShellSpec withEnvironment(Map<String, String> value) {
        return new ShellSpec(shellId, workingDirectory, value, idleTimeout, codepage, noProfile, inputStreams,
                outputStreams, stateful, terminal);
    }

    public ShellSpec withIdleTimeout(Duration value) {
        return new ShellSpec(shellId, workingDirectory, environment, Optional.ofNullable(value), codepage,
                noProfile, inputStreams, outputStreams, stateful, terminal);
    }

    public ShellSpec withCodepage(int value) {
        return new ShellSpec(shellId, workingDirectory, environment, idleTimeout, value, noProfile, inputStreams,
                outputStreams, stateful, terminal);
    }

    /** The OpenWinRM login shell: one interpreter for all commands (without a terminal). */
    public ShellSpec withStateful(boolean value) {
        return new ShellSpec(shellId, workingDirectory, environment, idleTimeout, codepage, noProfile, inputStreams,
                outputStreams, value, terminal);
    }

    /** Every command under its own pseudo-terminal. */
    public ShellSpec withTerminal(TerminalSpec value) {
        return new ShellSpec(shellId, workingDirectory, environment, idleTimeout, codepage, noProfile, inputStreams,
                outputStreams, stateful, Optional.ofNullable(value));
    }

    private static void checkVariable(String name, String value) {
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new InvalidArgumentException(Parameter.ENVIRONMENT, "bad variable name '" + name + "'");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidArgumentException(Parameter.ENVIRONMENT, "NUL in value of " + name);
        }
    }
}
