package io.openwinrm.cli.interactive;

import io.openwinrm.client.Command;
import io.openwinrm.client.OutputListener;
import io.openwinrm.client.WinRmTransportException;
import io.openwinrm.protocol.shell.StreamData;

/**
 * Receives a command's output until it is done, riding out short connection failures: a Receive that fails on the
 * network is asked again (a pooled connection is re-opened and, for NTLM, re-authenticated) up to
 * {@link #MAX_ATTEMPTS} times in a row with a growing pause ([MS-WSMV] 3.1.4.14). Output is removed from the server's
 * buffer only once it was sent in a reply, so a repeated Receive continues where the failed one stopped — except for
 * a reply lost after the service sent it.
 */
final class Receiver {

    static final int MAX_ATTEMPTS = 4;
    private static final long FIRST_PAUSE_MS = 200;

    private Receiver() {
    }

    /** Receives until done, passing every non-empty chunk to {@code listener}; returns the exit code. */
    static int drain(Command command, OutputListener listener) {
        int failures = 0;
        while (true) {
            Command.Received r;
            try {
                r = command.receive();
                failures = 0;
            } catch (WinRmTransportException e) {
                if (++failures >= MAX_ATTEMPTS) {
                    throw e;
                }
                pause(FIRST_PAUSE_MS << (failures - 1));
                continue;
            }
            for (StreamData s : r.streams()) {
                if (s.length() > 0) {
                    listener.output(s.name(), s.data());
                }
            }
            if (r.done()) {
                return r.exitCode().orElse(0);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WinRmTransportException("interrupted while reconnecting");
        }
    }
}
