package io.openwinrm.server.dispatch;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.ProviderFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.psrp.PsrpException;
import io.openwinrm.server.access.AccessDeniedException;
import io.openwinrm.server.psrp.PowerShellEndedException;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.shell.CommandLaunchException;
import io.openwinrm.server.shell.CommandNotFoundException;
import io.openwinrm.server.shell.EndpointUnavailableException;
import io.openwinrm.server.shell.InvalidArgumentException;
import io.openwinrm.server.shell.InvalidStateException;
import io.openwinrm.server.shell.OperationAbortedException;
import io.openwinrm.server.shell.ProgramNotFoundException;
import io.openwinrm.server.shell.QuotaExceededException;
import io.openwinrm.server.shell.ReceiveSequenceException;
import io.openwinrm.server.shell.ShellConnectedException;
import io.openwinrm.server.shell.ShellDisconnectedException;
import io.openwinrm.server.shell.ShellNotFoundException;
import io.openwinrm.server.shell.UnsupportedCodepageException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become WS-Management faults ([MS-WSMV] 3.1.4.1.30). Typed exceptions map by type, never
 * by message; anything unexpected is an internal error, logged once with its stack trace.
 */
public final class FaultMapper {

    private static final Logger LOG = LoggerFactory.getLogger(FaultMapper.class);

    /** ShellIds are GUIDs; a longer selector value is cut before it is echoed in a fault message. */
    private static final int MAX_ECHOED_ID = 64;

    private FaultMapper() {
    }

    /** The fault to send for {@code error}, whatever the request's action. */
    public static WsmanFaultException toFault(Throwable error) {
        return toFault(error, null);
    }

    /**
     * The fault to send for {@code error} raised while handling a request with {@code action} (null when the
     * request could not be read): the few faults whose shape depends on the operation take it from there.
     */
    public static WsmanFaultException toFault(Throwable error, String action) {
        Throwable t = unwrap(error);
        if (t instanceof WsmanFaultException f) {
            return f;
        }
        if (t instanceof AccessDeniedException a) {
            return new WsmanFaultException(FaultKind.ACCESS_DENIED, FaultKind.ACCESS_DENIED.defaultMessage()
                    + capitalized(a.getMessage()) + ". ");
        }
        if (t instanceof ShellNotFoundException n) {
            return unknownShell(n.shellId(), action);
        }
        if (t instanceof ShellDisconnectedException d) {
            return new WsmanFaultException(FaultKind.STREAM_DISCONNECTED, FaultKind.STREAM_DISCONNECTED.defaultMessage()
                    + "(" + d.getMessage() + ") ");
        }
        if (t instanceof ShellConnectedException c) {
            return new WsmanFaultException(FaultKind.SHELL_CONNECTED_TO_DIFFERENT_CLIENT, c.getMessage());
        }
        if (t instanceof CommandNotFoundException) {
            return new WsmanFaultException(FaultKind.UNKNOWN_COMMAND);
        }
        if (t instanceof ReceiveSequenceException r) {
            return new WsmanFaultException(FaultKind.INVALID_HEADER, FaultKind.INVALID_HEADER.defaultMessage()
                    + r.getMessage());
        }
        if (t instanceof QuotaExceededException q) {
            FaultKind kind = switch (q.quota()) {
                case MAX_SHELLS_PER_USER -> FaultKind.QUOTA_MAX_SHELLS;
                case MAX_CONCURRENT_USERS -> FaultKind.QUOTA_MAX_USERS;
                case MAX_PROCESSES_PER_SHELL -> FaultKind.QUOTA_MAX_PROCESSES;
                case WAITING_INPUT -> FaultKind.QUOTA_INPUT_BACKLOG;
                case MAX_CONCURRENT_OPERATIONS_PER_USER -> FaultKind.QUOTA_MAX_OPERATIONS;
            };
            return new WsmanFaultException(kind, kind.defaultMessage()
                    + q.detail().orElse("(limit " + q.limit() + ") "));
        }
        if (t instanceof ProgramNotFoundException p) {
            // Windows sends the Win32 text only, from the cmd plug-in (winrs-command-internal-error)
            LOG.info("command not started: {}", p.getMessage());
            return WsmanFaultException.fromProvider(FaultKind.PROGRAM_NOT_FOUND, ProviderFault.SHELL_CMD_PLUGIN, null);
        }
        if (t instanceof UnsupportedCodepageException c) {
            return new WsmanFaultException(FaultKind.UNSUPPORTED_CODEPAGE, c.getMessage());
        }
        if (t instanceof InvalidArgumentException a) {
            return new WsmanFaultException(FaultKind.INVALID_PARAMETER, a.getMessage());
        }
        if (t instanceof InvalidStateException s) {
            return new WsmanFaultException(FaultKind.INVALID_STATE, s.getMessage());
        }
        if (t instanceof OperationAbortedException o) {
            return new WsmanFaultException(FaultKind.OPERATION_ABORTED, o.getMessage());
        }
        if (t instanceof EndpointUnavailableException u) {
            LOG.error("endpoint unavailable: {}", u.getMessage());
            return new WsmanFaultException(FaultKind.INTERNAL_ERROR, "The endpoint is unavailable: " + u.getMessage()
                    + ". ");
        }
        if (t instanceof CommandLaunchException l) {
            LOG.warn("command could not be started: {}", l.getMessage());
            return new WsmanFaultException(FaultKind.INTERNAL_ERROR, "The command could not be started: "
                    + l.getMessage());
        }
        if (t instanceof PowerShellEndedException e) {
            return new WsmanFaultException(FaultKind.INTERNAL_ERROR, "The PowerShell session ended: "
                    + e.getMessage() + ". ");
        }
        if (t instanceof PsrpEngineException e) {
            return new WsmanFaultException(FaultKind.PSRP_INVALID_DATA, FaultKind.PSRP_INVALID_DATA.defaultMessage()
                    + e.getMessage() + ". ");
        }
        if (t instanceof PsrpException e) {
            return new WsmanFaultException(FaultKind.PSRP_INVALID_DATA, FaultKind.PSRP_INVALID_DATA.defaultMessage()
                    + e.getMessage() + ". ");
        }
        LOG.error("internal error while handling a request", t);
        return new WsmanFaultException(FaultKind.INTERNAL_ERROR);
    }

    /**
     * An unknown shell as Windows words it: Get ([MS-WSMV] 3.1.4.2.1) answers from the WS-Management shell provider
     * with the generic invalid-selectors text nested in its ProviderFault (wsman-get-shell-invalid-selectors); the
     * shell operations name the ShellId the client sent (Windows: "The request for the Windows Remote Shell with
     * ShellId 37019EC2-... failed because the shell was not found on the server. ...").
     */
    static WsmanFaultException unknownShell(String shellId, String action) {
        if (WsmanAction.GET.uri().equals(action)) {
            return WsmanFaultException.fromProvider(FaultKind.UNKNOWN_SHELL, ProviderFault.SHELL_PROVIDER,
                    FaultKind.UNKNOWN_SHELL.reason());
        }
        String id = shellId == null ? "" : shellId.length() > MAX_ECHOED_ID ? shellId.substring(0, MAX_ECHOED_ID)
                + "..." : shellId;
        return new WsmanFaultException(FaultKind.UNKNOWN_SHELL, "The request for the Windows Remote Shell with "
                + "ShellId " + id + " failed because the shell was not found on the server. Possible causes are: "
                + "the specified ShellId is incorrect or the shell no longer exists on the server. Provide the "
                + "correct ShellId or create a new shell and retry the operation. ");
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
