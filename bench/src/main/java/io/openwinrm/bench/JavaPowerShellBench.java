package io.openwinrm.bench;

import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.powershell.InvokeResult;
import io.openwinrm.client.powershell.PipelineRequest;
import io.openwinrm.client.powershell.PowerShellClient;
import io.openwinrm.client.powershell.PsValues;
import io.openwinrm.client.powershell.RunspacePool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Row (f) with our Java PowerShell Remoting client in this JVM, exactly what {@code psrp_bench.py} does with pypsrp:
 * one runspace pool ([MS-PSRP] 3.1.4.1), then warm-up and measured pipelines of {@code echo hello} (create the
 * pipeline, receive its output and its state: {@link RunspacePool#invoke}), each timed and checked; then one pipeline
 * of {@code seq LINES} whose output arrives as LINES string objects, all collected.
 */
final class JavaPowerShellBench {
    private static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(5);

    /** The measured round trips and the time {@code seq} took. */
    record Result(LatencyStats latency, double seqSeconds) {
    }

    private final PowerShellClient client;

    JavaPowerShellBench(WinRmClient winrm, Endpoint endpoint, String configuration) {
        this.client = PowerShellClient.of(winrm, endpoint, configuration);
    }

    Result run(int warmup, int runs, int lines) {
        try (RunspacePool pool = client.open()) {
            List<Double> ms = new ArrayList<>();
            PipelineRequest echo = PipelineRequest.script("echo hello");
            for (int i = 0; i < warmup + runs; i++) {
                long t0 = System.nanoTime();
                InvokeResult r = pool.invoke(echo, PIPELINE_TIMEOUT);
                double elapsed = (System.nanoTime() - t0) / 1e6;
                if (r.hadErrors() || r.output().size() != 1 || !"hello".equals(PsValues.toText(r.output().get(0)))) {
                    throw new IllegalStateException("(f) our client: unexpected answer to echo hello: " + r.output()
                            + " " + r.errors());
                }
                if (i >= warmup) {
                    ms.add(elapsed);
                }
            }
            long t0 = System.nanoTime();
            InvokeResult seq = pool.invoke(PipelineRequest.script("seq " + lines), PIPELINE_TIMEOUT);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (seq.hadErrors() || seq.output().size() != lines) {
                throw new IllegalStateException("(f) our client: expected " + lines + " objects from seq, got "
                        + seq.output().size() + " " + seq.errors());
            }
            return new Result(LatencyStats.ofMillis(ms, 0), seconds);
        }
    }
}
