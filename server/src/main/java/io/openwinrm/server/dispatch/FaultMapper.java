package io.openwinrm.server.dispatch;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.server.access.AccessDeniedException;
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

    private FaultMapper() {
    }

    /** The fault to send for {@code error}. */
    public static WsmanFaultException toFault(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof WsmanFaultException f) {
            return f;
        }
        if (t instanceof AccessDeniedException a) {
            return new WsmanFaultException(FaultKind.ACCESS_DENIED, FaultKind.ACCESS_DENIED.defaultMessage()
                    + capitalized(a.getMessage()) + ". ");
        }
        if (t instanceof ShellNotFoundException) {
            return new WsmanFaultException(FaultKind.UNKNOWN_SHELL);
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
            return new WsmanFaultException(FaultKind.PROGRAM_NOT_FOUND, p.getMessage());
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
        LOG.error("internal error while handling a request", t);
        return new WsmanFaultException(FaultKind.INTERNAL_ERROR);
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
