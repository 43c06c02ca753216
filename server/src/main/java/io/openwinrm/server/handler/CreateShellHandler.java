package io.openwinrm.server.handler;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.server.access.AccessDeniedException;
import io.openwinrm.server.command.TerminalSpec;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellContexts;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.shell.ShellSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Create ([MS-WSMV] 3.1.4.5.2): a new cmd shell for the caller; no process starts until a Command. On
 * {@link ResourceUris#LOGIN_SHELL} the shell is stateful (one interpreter for all commands); the OpenWinRM option
 * {@code OPENWINRM_PTY=TRUE} (with {@code OPENWINRM_PTY_COLUMNS}, {@code OPENWINRM_PTY_ROWS}, {@code OPENWINRM_TERM})
 * runs every command under a pseudo-terminal. A malformed option value is the InvalidOptions fault.
 */
final class CreateShellHandler implements ActionHandler {

    private final ShellManager shells;
    private final ShellContexts contexts;
    private final Executor blocking;
    private final ShellLocales locales;

    /**
     * @param blocking where the shell is prepared: creating a temporary account, a control group or a private
     *                 {@code /proc} runs programs and must not hold a transport thread
     */
    CreateShellHandler(ShellManager shells, ShellContexts contexts, Executor blocking, ShellLocales locales) {
        this.shells = shells;
        this.contexts = contexts;
        this.blocking = blocking;
        this.locales = locales;
    }

    @Override
    public CompletionStage<? extends Body> handle(RequestContext ctx, Body request) {
        CreateShell create = ShellHandlers.expect(request, CreateShell.class);
        OptionSet options = ctx.header().options();
        int codepage = codepage(options);
        boolean noProfile = options.getBoolean(ShellOption.WINRS_NOPROFILE, false);
        List<String> in = create.inputStreams().isEmpty() ? List.of(StreamNames.STDIN) : create.inputStreams();
        List<String> out = create.outputStreams().isEmpty() ? List.of(StreamNames.STDOUT, StreamNames.STDERR)
                : create.outputStreams();
        Endpoint endpoint = ctx.endpoint().orElseThrow(() ->
                new WsmanFaultException(FaultKind.DESTINATION_UNREACHABLE));
        Optional<TerminalSpec> terminal = terminal(options);
        if (endpoint.kind() == EndpointKind.RESTRICTED) {
            refuseOnRestricted(endpoint, create, terminal);
        }
        boolean stateful = endpoint.kind() == EndpointKind.LOGIN;
        ShellSpec spec = new ShellSpec(create.shellId(), create.workingDirectory(), create.environment(),
                create.idleTimeout(), codepage, noProfile, in, out, stateful, terminal);
        String address = ctx.header().to() != null ? ctx.header().to() : "";
        return CompletableFuture.supplyAsync(() -> {
            Shell shell = shells.create(contexts.create(ctx.caller(), ctx.user(), endpoint,
                    ctx.clientIp()), spec);
            locales.created(shell, ctx);
            String dir = create.workingDirectory() == null || create.workingDirectory().isEmpty() ? null
                    : create.workingDirectory();
            return new ShellCreated(shell.id(), ctx.header().resourceUri(), address, ctx.owner(),
                    shell.clientAddress(), dir, Optional.of(shell.idleTimeout()), in, out);
        }, blocking);
    }

    /**
     * A restricted endpoint takes nothing from the client that could change what an allowed command does: no
     * environment variables, no working directory, no terminal (anchors.md §4.3).
     */
    private static void refuseOnRestricted(Endpoint endpoint, CreateShell create, Optional<TerminalSpec> terminal) {
        String rule = "the endpoint " + endpoint.name() + " is restricted";
        if (!create.environment().isEmpty()) {
            throw new AccessDeniedException(rule + ": environment variables from the client are not accepted ("
                    + String.join(", ", create.environment().keySet()) + ")");
        }
        if (create.workingDirectory() != null && !create.workingDirectory().isEmpty()) {
            throw new AccessDeniedException(rule + ": a working directory from the client is not accepted");
        }
        if (terminal.isPresent()) {
            throw new AccessDeniedException(rule + ": no terminal is available");
        }
    }

    /** The terminal asked for with OPENWINRM_PTY, or empty. */
    static Optional<TerminalSpec> terminal(OptionSet options) {
        if (!bool(options, ShellOption.OPENWINRM_PTY)) {
            return Optional.empty();
        }
        int columns = size(options, ShellOption.OPENWINRM_PTY_COLUMNS, TerminalSpec.DEFAULT_COLUMNS);
        int rows = size(options, ShellOption.OPENWINRM_PTY_ROWS, TerminalSpec.DEFAULT_ROWS);
        String term = options.get(ShellOption.OPENWINRM_TERM).map(String::strip).orElse(TerminalSpec.DEFAULT_TERM);
        if (term.isEmpty() || !term.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new WsmanFaultException(FaultKind.INVALID_OPTIONS, ShellOption.OPENWINRM_TERM
                    + " must be a non-empty printable ASCII word, not '" + term + "'. ");
        }
        return Optional.of(new TerminalSpec(term, columns, rows));
    }

    private static boolean bool(OptionSet options, String name) {
        Optional<String> value = options.get(name).map(String::strip);
        if (value.isEmpty()) {
            return false;
        }
        if (value.get().equalsIgnoreCase("TRUE")) {
            return true;
        }
        if (value.get().equalsIgnoreCase("FALSE")) {
            return false;
        }
        throw new WsmanFaultException(FaultKind.INVALID_OPTIONS, name + " must be TRUE or FALSE, not '"
                + value.get() + "'. ");
    }

    private static int size(OptionSet options, String name, int fallback) {
        Optional<String> value = options.get(name).map(String::strip);
        if (value.isEmpty()) {
            return fallback;
        }
        String text = value.get();
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || !TerminalSpec.validSize(Integer.parseInt(text))) {
            throw new WsmanFaultException(FaultKind.INVALID_OPTIONS, name + " must be a number from "
                    + TerminalSpec.MIN_SIZE + " to " + TerminalSpec.MAX_SIZE + ", not '" + text + "'. ");
        }
        return Integer.parseInt(text);
    }

    private static int codepage(OptionSet options) {
        Optional<String> value = options.get(ShellOption.WINRS_CODEPAGE);
        if (value.isEmpty()) {
            return ShellSpec.UTF_8_CODEPAGE;
        }
        try {
            return Integer.parseInt(value.get().strip());
        } catch (NumberFormatException e) {
            throw new WsmanFaultException(FaultKind.INVALID_OPTIONS, "WINRS_CODEPAGE must be a number, not '"
                    + value.get() + "'. ");
        }
    }
}
