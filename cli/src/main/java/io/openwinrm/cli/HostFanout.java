package io.openwinrm.cli;

import io.openwinrm.client.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** One task per host, at most {@code throttle} hosts at once (Invoke-Command's ThrottleLimit); counts failures. */
final class HostFanout {

    /** The work for one host; true when it succeeded. */
    @FunctionalInterface
    interface Task {
        boolean run(Endpoint endpoint);
    }

    private HostFanout() {
    }

    /** Runs {@code task} for every endpoint and returns how many failed (an unexpected error counts, and is shown). */
    static int failures(List<Endpoint> endpoints, int throttle, Task task) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(throttle, endpoints.size()), r -> {
            Thread t = new Thread(r, "invoke");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Endpoint e : endpoints) {
                results.add(pool.submit(() -> task.run(e)));
            }
            int failed = 0;
            for (Future<Boolean> f : results) {
                try {
                    if (!f.get()) {
                        failed++;
                    }
                } catch (ExecutionException ex) {
                    failed++;
                    System.err.println("openwinrm: " + ex.getCause());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new CliException(ExitCodes.INTERNAL, "interrupted");
                }
            }
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }
}
