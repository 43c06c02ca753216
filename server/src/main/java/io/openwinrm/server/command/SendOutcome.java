package io.openwinrm.server.command;

/** What became of a Send's input ([MS-WSMV] 3.1.4.13); see {@link RunningCommand#send}. */
public enum SendOutcome {
    /** In the command's stdin queue (or discarded because the command's input is over): answer SendResponse. */
    ACCEPTED,
    /**
     * No room in the command's stdin queue within the wait: nothing of it was queued. Answered with the TimedOut
     * fault (as a Receive without output), so the client sends the same input again.
     */
    TIMED_OUT
}
