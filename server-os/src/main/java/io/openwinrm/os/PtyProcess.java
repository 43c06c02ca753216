package io.openwinrm.os;

import com.sun.jna.LastErrorException;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessSignal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A process started by {@code setsid} in a new session, with a pseudo-terminal as stdin, stdout, stderr and controlling
 * terminal; it leads its own session ({@code sid == pid}). Interrupt and quit are the terminal's: the VINTR (0x03)
 * and VQUIT (0x1C) characters are written to it and its line discipline signals the foreground job (or, in raw mode,
 * the program reads them). Terminate (SIGHUP, then SIGTERM) and kill reach every process of the session; a process
 * that started a session of its own escapes.
 */
final class PtyProcess implements LaunchedProcess, ExportedDescriptors {

    private static final byte VINTR = 0x03;
    private static final byte VQUIT = 0x1c;
    private static final int SIGHUP = 1;

    private final Process process;
    private final PtyMaster master;
    private final OutputStream keys;
    private final CompletableFuture<Integer> exit;

    PtyProcess(Process process, PtyMaster master) {
        this.process = process;
        this.master = master;
        this.keys = master.output();
        this.exit = process.onExit().thenApply(Process::exitValue);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public int[] descriptors() {
        return new int[] {master.descriptor()};
    }

    @Override
    public void releaseDescriptors() {
        master.close();
    }

    @Override
    public OutputStream stdin() {
        return keys;
    }

    @Override
    public InputStream stdout() {
        return master.input();
    }

    /** Empty: the terminal merges stderr into stdout. */
    @Override
    public InputStream stderr() {
        return InputStream.nullInputStream();
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    @Override
    public void signalGroup(ProcessSignal signal) {
        switch (signal) {
            case INTERRUPT -> type(VINTR);
            case QUIT -> type(VQUIT);
            case TERMINATE -> {
                killSession(SIGHUP);
                killSession(PosixSignal.number(ProcessSignal.TERMINATE));
            }
            case KILL -> killSession(PosixSignal.number(ProcessSignal.KILL));
        }
    }

    @Override
    public void destroyGroup() {
        killSession(PosixSignal.number(ProcessSignal.KILL));
        process.destroyForcibly();
        master.close();
    }

    @Override
    public boolean resizeTerminal(int columns, int rows) {
        return master.resize(columns, rows);
    }

    @Override
    public String toString() {
        return "PtyProcess[" + process.pid() + ", " + master.slave() + "]";
    }

    private void type(byte character) {
        try {
            keys.write(new byte[] {character});
        } catch (IOException closed) {
            // the terminal is gone with the process
        }
    }

    private void killSession(int signal) {
        int sid = Math.toIntExact(process.pid());
        if (!process.isAlive() && ProcessTable.numberReused(sid)) {
            return; // our session has emptied; the number now belongs to someone else
        }
        for (int pass = 0; pass < 2; pass++) {
            ProcessTable.killAll(ProcessTable.snapshot().sessionMembers(sid), signal);
        }
        try {
            LibC.INSTANCE.kill(sid, signal);
        } catch (LastErrorException gone) {
            // exited
        }
    }
}
