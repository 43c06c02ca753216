package io.openwinrm.client.powershell;

import io.openwinrm.psrp.state.RunspacePoolState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The runspace pool as the client sees it ([MS-PSRP] 3.1.4.1, 3.1.5.3.13, states of 2.2.3.4): which state may follow
 * which. Open: {@code BeforeOpen → Opening → NegotiationSent → NegotiationSucceeded → Opened}; connect from another
 * process: {@code BeforeOpen → Connecting → Opened} (the capability exchange rides in Connect itself);
 * {@code Opened ⇄ Disconnected} (Disconnect, Reconnect); {@code → Closing → Closed}; any live state may turn
 * Broken. Closed and Broken are final.
 */
final class PoolStates {
    private static final Map<RunspacePoolState, Set<RunspacePoolState>> NEXT = new EnumMap<>(RunspacePoolState.class);

    static {
        NEXT.put(RunspacePoolState.BEFORE_OPEN, EnumSet.of(RunspacePoolState.OPENING, RunspacePoolState.CONNECTING,
                RunspacePoolState.BROKEN));
        NEXT.put(RunspacePoolState.OPENING, EnumSet.of(RunspacePoolState.NEGOTIATION_SENT,
                RunspacePoolState.BROKEN));
        NEXT.put(RunspacePoolState.NEGOTIATION_SENT, EnumSet.of(RunspacePoolState.NEGOTIATION_SUCCEEDED,
                RunspacePoolState.CLOSING, RunspacePoolState.BROKEN, RunspacePoolState.CLOSED));
        NEXT.put(RunspacePoolState.NEGOTIATION_SUCCEEDED, EnumSet.of(RunspacePoolState.OPENED,
                RunspacePoolState.CLOSING, RunspacePoolState.BROKEN, RunspacePoolState.CLOSED));
        NEXT.put(RunspacePoolState.CONNECTING, EnumSet.of(RunspacePoolState.OPENED, RunspacePoolState.BROKEN));
        NEXT.put(RunspacePoolState.OPENED, EnumSet.of(RunspacePoolState.DISCONNECTED, RunspacePoolState.CLOSING,
                RunspacePoolState.BROKEN, RunspacePoolState.CLOSED));
        NEXT.put(RunspacePoolState.DISCONNECTED, EnumSet.of(RunspacePoolState.OPENED, RunspacePoolState.CLOSED,
                RunspacePoolState.BROKEN));
        NEXT.put(RunspacePoolState.CLOSING, EnumSet.of(RunspacePoolState.CLOSED, RunspacePoolState.BROKEN));
        NEXT.put(RunspacePoolState.CLOSED, EnumSet.noneOf(RunspacePoolState.class));
        NEXT.put(RunspacePoolState.BROKEN, EnumSet.noneOf(RunspacePoolState.class));
    }

    private RunspacePoolState state = RunspacePoolState.BEFORE_OPEN;

    synchronized RunspacePoolState get() {
        return state;
    }

    /** Moves to {@code next} if allowed from the current state; false (and no change) otherwise. */
    synchronized boolean tryMove(RunspacePoolState next) {
        if (!NEXT.get(state).contains(next)) {
            return false;
        }
        state = next;
        notifyAll();
        return true;
    }

    /**
     * Moves from exactly {@code from} to {@code next}.
     *
     * @throws PowerShellException naming the operation when the pool is in another state
     */
    synchronized void move(RunspacePoolState from, RunspacePoolState next, String operation) {
        if (state != from || !NEXT.get(state).contains(next)) {
            throw new PowerShellException("cannot " + operation + ": the runspace pool is " + state + ", not "
                    + from);
        }
        state = next;
        notifyAll();
    }

    /** Whether a pool in {@code s} may have a Receive outstanding. */
    static boolean receiving(RunspacePoolState s) {
        return s == RunspacePoolState.NEGOTIATION_SENT || s == RunspacePoolState.NEGOTIATION_SUCCEEDED
                || s == RunspacePoolState.OPENED;
    }
}
