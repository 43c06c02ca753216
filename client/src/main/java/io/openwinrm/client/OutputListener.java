package io.openwinrm.client;

/**
 * Receives a command's output as it arrives. Called on the thread that drives {@link Command#await(OutputListener)},
 * in the order the service sent it; the arrays are owned by the listener.
 */
@FunctionalInterface
public interface OutputListener {

    /** Bytes from the stream named {@code stream} ({@code stdout} or {@code stderr}). */
    void output(String stream, byte[] data);
}
