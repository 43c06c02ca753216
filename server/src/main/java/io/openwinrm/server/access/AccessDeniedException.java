package io.openwinrm.server.access;

/**
 * The caller may not do this: not in an endpoint's access list, no OS account to run as, or a command a restricted
 * endpoint refuses. Wire: w:AccessDenied, code 5 ("Access is denied."), with the reason after it.
 */
public final class AccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String reason) {
        super(reason);
    }
}
