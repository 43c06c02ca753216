package io.openwinrm.server.psrp.restricted;

/**
 * The pool's MinRunspaces and MaxRunspaces ([MS-PSRP] 2.2.2.2, 2.2.2.6, 2.2.2.7): set by INIT_RUNSPACEPOOL, changed
 * by SET_MIN/SET_MAX_RUNSPACES, never above the endpoint's limit. A request beyond the limit at init is served with
 * the limit (GET_AVAILABLE_RUNSPACES tells the client); a later one is answered false. Thread-safe.
 */
final class RunspaceSizes {

    private final int limit;
    private int min = 1; // guarded by this
    private int max = 1; // guarded by this

    RunspaceSizes(int limit) {
        this.limit = limit;
    }

    /** INIT_RUNSPACEPOOL; the caller has checked {@code 1 <= min <= max}. */
    synchronized void init(int requestedMin, int requestedMax) {
        max = Math.min(requestedMax, limit);
        min = Math.min(requestedMin, max);
    }

    /** SET_MAX_RUNSPACES: whether the new maximum was taken. */
    synchronized boolean setMax(int value) {
        if (value < min || value > limit) {
            return false;
        }
        max = value;
        return true;
    }

    /** SET_MIN_RUNSPACES: whether the new minimum was taken. */
    synchronized boolean setMin(int value) {
        if (value < 1 || value > max) {
            return false;
        }
        min = value;
        return true;
    }

    synchronized int min() {
        return min;
    }

    synchronized int max() {
        return max;
    }
}
