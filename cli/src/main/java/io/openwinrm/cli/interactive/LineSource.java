package io.openwinrm.cli.interactive;

import java.io.IOException;

/**
 * Where a {@link LineSession} gets its command lines: a terminal with line editing, or a plain stream. Used by one
 * thread; {@link #onInterrupt} may be called from another.
 */
public interface LineSource extends AutoCloseable {

    /**
     * The next line without its terminator, or null at the end of input (Ctrl-D, end of file). A Ctrl-C at the
     * prompt discards the line being typed and prompts again.
     *
     * @param prompt shown before the line when {@link #interactive()}
     */
    String readLine(String prompt) throws IOException;

    /** Whether a person types the lines (a prompt is shown); false for a script on standard input. */
    boolean interactive();

    /**
     * What Ctrl-C does while a command runs (not at the prompt): {@code action}, or nothing for null. Sources that
     * cannot see Ctrl-C ignore this.
     */
    default void onInterrupt(Runnable action) {
    }

    /** What Tab completes from now on; sources without line editing ignore it. */
    default void completeWith(LineCompleter completer) {
    }

    @Override
    default void close() {
    }
}
