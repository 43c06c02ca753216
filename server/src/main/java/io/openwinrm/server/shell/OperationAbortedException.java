package io.openwinrm.server.shell;

/**
 * A pending operation (a long-poll Receive) was abandoned because its shell or command was closed underneath it.
 * Wire: Code 995 (ERROR_OPERATION_ABORTED).
 */
public final class OperationAbortedException extends ShellException {

    private static final long serialVersionUID = 1L;

    public OperationAbortedException(String what) {
        super(what + " aborted");
    }
}
