package io.openwinrm.server.psrp;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.server.command.Guids;
import io.openwinrm.server.dispatch.ActionHandler;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.CommandNotFoundException;
import io.openwinrm.server.shell.Shell;
import io.openwinrm.server.shell.ShellContexts;
import io.openwinrm.server.shell.ShellManager;
import io.openwinrm.server.shell.ShellNotFoundException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The handlers of PowerShell shells and what they share: the shell manager (quotas, idle reclaim, owner isolation
 * are the WinRS shells'), the engines by endpoint kind, and an executor for engine calls, which may block (the pwsh
 * bridge waits for its acknowledgements). Delete, Disconnect, Reconnect, Get and Enumerate are the WinRS handlers:
 * they act on the {@link Shell} and reach the session through its attachment.
 */
public final class PowerShellHandlers {

    /** The largest fragment blob accepted from a client: far above pypsrp's ~114 KB and PowerShell's 32 KiB. */
    static final int MAX_CLIENT_BLOB = 4 << 20;

    /** How the WinRS side describes and records shells, for the Create response. */
    public interface ShellViews {

        /** Records what the Create request {@code ctx} asked for (its locales). */
        void created(Shell shell, RequestContext ctx);

        /** The shell as a Get response's {@code rsp:Shell}. */
        ShellInfo describe(Shell shell);
    }

    private final ShellManager shells;
    private final Executor blocking;
    private final ShellContexts contexts;
    private final PowerShellEngines engines;

    public PowerShellHandlers(ShellManager shells, Executor blocking, ShellContexts contexts,
                              PowerShellEngines engines) {
        this.shells = shells;
        this.blocking = blocking;
        this.contexts = contexts;
        this.engines = engines;
    }

    public PowerShellEngines engines() {
        return engines;
    }

    public ActionHandler create(ShellViews views) {
        return new PowerShellCreateHandler(this, contexts, views);
    }

    public ActionHandler command() {
        return new PowerShellCommandHandler(this);
    }

    public ActionHandler send() {
        return new PowerShellSendHandler(this);
    }

    public ActionHandler receive() {
        return new PowerShellReceiveHandler(this);
    }

    public ActionHandler signal() {
        return new PowerShellSignalHandler(this);
    }

    public ActionHandler connect(ShellViews views) {
        return new PowerShellConnectHandler(this, views);
    }

    ShellManager shells() {
        return shells;
    }

    Executor blocking() {
        return blocking;
    }

    /**
     * The PowerShell session of the caller's shell named by the request's ShellId selector: connected, reached on
     * its own endpoint's URI, marked as used.
     *
     * @throws ShellNotFoundException for an unknown shell, another owner's, or a shell that is not PowerShell
     */
    PowerShellSession session(RequestContext ctx) {
        Shell shell = find(ctx);
        String action = ctx.header().action();
        shell.requireConnected(action.substring(action.lastIndexOf('/') + 1));
        shell.touch();
        return shell.attachment(PowerShellSession.class).orElseThrow(() -> new ShellNotFoundException(shell.id()));
    }

    /** The caller's shell named by the ShellId selector, in any state, not marked as used. */
    Shell find(RequestContext ctx) {
        String id = ctx.header().shellId().orElseThrow(() -> new WsmanFaultException(FaultKind.MISSING_SELECTORS,
                "The ShellId selector is missing. "));
        Shell shell = shells.find(ctx.owner(), id);
        String uri = ctx.header().resourceUri();
        if (uri == null || !shell.context().endpoint().answers(uri)) {
            throw new ShellNotFoundException(id);
        }
        return shell;
    }

    /**
     * A CommandId as a pipeline id.
     *
     * @throws CommandNotFoundException if it is no GUID (it cannot name a pipeline)
     */
    static UUID pipelineId(String commandId) {
        if (commandId == null || !Guids.isValid(commandId)) {
            throw new CommandNotFoundException(commandId);
        }
        return UUID.fromString(Guids.canonical(commandId));
    }

    /** The CommandId as Windows writes it: the GUID in upper case. */
    static String commandId(UUID pipelineId) {
        return pipelineId.toString().toUpperCase(Locale.ROOT);
    }

    /**
     * The bytes of base64 PSRP text ({@code creationXml}, {@code rsp:Arguments}, {@code connectXml}), checked to
     * be whole fragments.
     *
     * @throws WsmanFaultException {@link FaultKind#PSRP_INVALID_DATA} naming {@code what} otherwise
     */
    static byte[] fragments(String base64, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw invalid(what + " is not base64");
        }
        checkFragments(bytes, what);
        return bytes;
    }

    /** Checks that {@code bytes} are one or more whole fragments; returns them split. */
    static List<byte[]> checkFragments(byte[] bytes, String what) {
        if (bytes.length == 0) {
            throw invalid(what + " carries no PSRP fragment");
        }
        try {
            return FragmentBoundaries.split(bytes, MAX_CLIENT_BLOB);
        } catch (IllegalArgumentException e) {
            throw invalid(what + " does not hold whole PSRP fragments: " + e.getMessage());
        }
    }

    static WsmanFaultException invalid(String detail) {
        return new WsmanFaultException(FaultKind.PSRP_INVALID_DATA, FaultKind.PSRP_INVALID_DATA.defaultMessage()
                + detail + ". ");
    }
}
