package io.openwinrm.cli;

import io.openwinrm.client.Command;
import io.openwinrm.protocol.shell.StreamNames;
import java.io.PrintStream;

/**
 * Receives a session command's output until it ends. The service forgets output once it has sent it in a Receive
 * reply ([MS-WSMV] 3.1.4.14), so every chunk is written and flushed to stdout or stderr before the next Receive is
 * sent: if this process is killed, what reached its output is exactly what the service no longer holds, except for
 * the reply in flight at that moment. When Done arrives the command is dropped from the session handle.
 */
final class OutputCollector {

    private OutputCollector() {
    }

    /** Returns the command's exit code. */
    static int collect(Command cmd, SessionStore store, String session) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        int exit = cmd.await((stream, data) -> {
            PrintStream target = StreamNames.STDERR.equals(stream) ? err : out;
            target.write(data, 0, data.length);
            target.flush();
            if (target.checkError()) {
                throw new CliException(ExitCodes.INTERNAL, "cannot write the output of command " + cmd.commandId());
            }
        });
        store.update(session, h -> h.withoutCommand(cmd.commandId()));
        return exit;
    }
}
