package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.PsValue;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The objects a client streams into a pipeline (PIPELINE_INPUT, then END_OF_PIPELINE_INPUT, [MS-PSRP] 3.2.5.4.x),
 * between the Send that carries them and the command that reads them. Bounded: a Send waits up to
 * {@link #PUT_TIMEOUT_SECONDS} for room (back-pressure onto the client), then is refused; input after the end, or
 * with {@code NoInput}, is refused at once.
 */
final class PipelineInputQueue {

    static final long PUT_TIMEOUT_SECONDS = 30;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private volatile boolean ended;

    /** @param noInput CREATE_PIPELINE said {@code NoInput}: the queue starts ended */
    PipelineInputQueue(int capacity, boolean noInput) {
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        if (noInput) {
            ended = true;
            queue.add(END);
        }
    }

    /** One input object. */
    void put(PsValue value) throws InputRefused, InterruptedException {
        synchronized (this) {
            if (ended) {
                throw new InputRefused("pipeline input after the end of input (or for a pipeline created with "
                        + "NoInput)");
            }
        }
        if (!queue.offer(value, PUT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new InputRefused("pipeline input is not being read: more than " + (queue.remainingCapacity()
                    + queue.size() - 1) + " objects waiting");
        }
    }

    /** END_OF_PIPELINE_INPUT. */
    synchronized void end() throws InputRefused {
        if (ended) {
            throw new InputRefused("a second END_OF_PIPELINE_INPUT (or one for a pipeline created with NoInput)");
        }
        ended = true;
        queue.add(END); // the extra slot is for this marker
    }

    /** Ends the input whatever the client does (stop, close): readers see the end. */
    synchronized void abandon() {
        if (!ended) {
            ended = true;
            queue.clear();
            queue.add(END);
        }
    }

    /**
     * The next object, waiting at most {@code millis}; empty on timeout.
     *
     * @return {@link Item#END} once the input has ended
     */
    Optional<Item> poll(long millis) throws InterruptedException {
        Object o = queue.poll(millis, TimeUnit.MILLISECONDS);
        if (o == null) {
            return Optional.empty();
        }
        if (o == END) {
            queue.offer(END); // the end stays visible to later readers
            return Optional.of(Item.END);
        }
        return Optional.of(new Item((PsValue) o));
    }

    /** One object, or the end ({@code value} null). */
    record Item(PsValue value) {
        static final Item END = new Item(null);

        boolean isEnd() {
            return value == null;
        }
    }

    /** Input the pipeline cannot take. */
    static final class InputRefused extends Exception {
        private static final long serialVersionUID = 1L;

        InputRefused(String message) {
            super(message);
        }
    }
}
