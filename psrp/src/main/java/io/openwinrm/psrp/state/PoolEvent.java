package io.openwinrm.psrp.state;

import static io.openwinrm.psrp.state.RunspacePoolState.BEFORE_OPEN;
import static io.openwinrm.psrp.state.RunspacePoolState.BROKEN;
import static io.openwinrm.psrp.state.RunspacePoolState.CLOSED;
import static io.openwinrm.psrp.state.RunspacePoolState.CLOSING;
import static io.openwinrm.psrp.state.RunspacePoolState.CONNECTING;
import static io.openwinrm.psrp.state.RunspacePoolState.DISCONNECTED;
import static io.openwinrm.psrp.state.RunspacePoolState.NEGOTIATION_SENT;
import static io.openwinrm.psrp.state.RunspacePoolState.NEGOTIATION_SUCCEEDED;
import static io.openwinrm.psrp.state.RunspacePoolState.OPENED;
import static io.openwinrm.psrp.state.RunspacePoolState.OPENING;

import java.util.EnumSet;
import java.util.Set;

/**
 * What happens to a runspace pool on the server, with the states each event is allowed in and the state it leads
 * to (null: stays). [MS-PSRP] 3.2.5.4.1 (capability), 3.2.5.4.2 (INIT_RUNSPACEPOOL must find NegotiationSucceeded),
 * 3.2.1.2.2 (Delete closes, Broken at any time), 3.1.4.9 / 3.1.4.10 (disconnect, reconnect, connect).
 */
public enum PoolEvent {
    /** wxf:Create accepted; its creationXml is being processed. */
    OPEN("open the runspace pool", EnumSet.of(BEFORE_OPEN), OPENING),
    /** The client's SESSION_CAPABILITY was read and the server's own is queued. */
    SEND_CAPABILITY("answer the session capability", EnumSet.of(OPENING), NEGOTIATION_SENT),
    /** The client's protocol and serialization versions are compatible. */
    ACCEPT_CAPABILITY("accept the session capability", EnumSet.of(NEGOTIATION_SENT), NEGOTIATION_SUCCEEDED),
    /** INIT_RUNSPACEPOOL processed: APPLICATION_PRIVATE_DATA and RUNSPACEPOOL_STATE Opened are queued. */
    INIT_RUNSPACEPOOL("initialize the runspace pool", EnumSet.of(NEGOTIATION_SUCCEEDED), OPENED),
    /** CREATE_PIPELINE or GET_COMMAND_METADATA: needs an open pool. */
    CREATE_PIPELINE("create a pipeline", EnumSet.of(OPENED), null),
    /** SET_MAX/SET_MIN_RUNSPACES, GET_AVAILABLE_RUNSPACES, RESET_RUNSPACE_STATE. */
    RUNSPACE_REQUEST("change or query the runspaces", EnumSet.of(OPENED), null),
    /** RUNSPACEPOOL_HOST_RESPONSE. */
    HOST_RESPONSE("accept a host response", EnumSet.of(OPENED), null),
    /** PUBLIC_KEY: the session-key exchange, allowed once negotiated. */
    KEY_EXCHANGE("exchange the session key", EnumSet.of(NEGOTIATION_SUCCEEDED, OPENED), null),
    /** wxf:Disconnect (protocol 2.2+). */
    DISCONNECT("disconnect the runspace pool", EnumSet.of(OPENED), DISCONNECTED),
    /** wxf:Reconnect from the client that disconnected. */
    RECONNECT("reconnect to the runspace pool", EnumSet.of(DISCONNECTED), OPENED),
    /** wxf:Connect with SESSION_CAPABILITY + CONNECT_RUNSPACEPOOL from a new client. */
    CONNECT("connect to the runspace pool", EnumSet.of(DISCONNECTED), CONNECTING),
    /** The ConnectResponse went out: the new client owns the pool. */
    CONNECT_COMPLETED("complete the connection", EnumSet.of(CONNECTING), OPENED),
    /** wxf:Delete: the server stops every pipeline. */
    CLOSE("close the runspace pool", EnumSet.of(BEFORE_OPEN, OPENING, NEGOTIATION_SENT, NEGOTIATION_SUCCEEDED,
            OPENED, DISCONNECTED, CONNECTING, BROKEN), CLOSING),
    /** Every pipeline stopped; DeleteResponse goes out. */
    FINISH_CLOSE("finish closing the runspace pool", EnumSet.of(CLOSING), CLOSED),
    /** Something is wrong with the pool (bad message, engine died): pipelines stop, RUNSPACEPOOL_STATE Broken. */
    BREAK("break the runspace pool", EnumSet.complementOf(EnumSet.of(CLOSED, BROKEN)), BROKEN);

    private final String action;
    private final Set<RunspacePoolState> from;
    private final RunspacePoolState to;

    PoolEvent(String action, Set<RunspacePoolState> from, RunspacePoolState to) {
        this.action = action;
        this.from = from;
        this.to = to;
    }

    /** What the event does, for error messages. */
    public String action() {
        return action;
    }

    /** States in which the event is allowed. */
    public Set<RunspacePoolState> allowedIn() {
        return EnumSet.copyOf(from);
    }

    /** The state after the event; null if the event does not change it. */
    public RunspacePoolState target() {
        return to;
    }

    Set<RunspacePoolState> from() {
        return from;
    }
}
