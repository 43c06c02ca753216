package io.openwinrm.cli;

import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code invoke --json}: runs the command on each host (at most {@code throttle} at once) and prints one JSON object
 * per host as it finishes: {@code host}, {@code exit_code}, {@code stdout}, {@code stderr}, {@code duration_ms} and
 * {@code error} (null when the command ran). Output that is not valid UTF-8 is given as {@code stdout_base64} /
 * {@code stderr_base64} instead, so that nothing is lost. Exit status as without {@code --json}: one host, its exit
 * code (or the error's); several, 1 when any failed.
 */
final class JsonInvoke {

    /** Runs the command on one host, its output into the two streams; returns the exit code (invoke's own run). */
    @FunctionalInterface
    interface Runner {
        int run(Endpoint endpoint, OutputStream out, OutputStream err);
    }

    private final Runner runner;
    private final int throttle;

    JsonInvoke(Runner runner, int throttle) {
        this.runner = runner;
        this.throttle = throttle;
    }

    int run(List<Endpoint> endpoints) {
        if (endpoints.size() == 1) {
            Result r = runOne(endpoints.get(0));
            JsonOutput.print(System.out, r.json());
            if (r.error != null) {
                throw r.error;
            }
            return r.exitCode;
        }
        int failed = HostFanout.failures(endpoints, throttle, e -> {
            Result r = runOne(e);
            JsonOutput.print(System.out, r.json());
            return r.error == null && r.exitCode == 0;
        });
        return failed == 0 ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
    }

    private Result runOne(Endpoint endpoint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        try {
            int exit = runner.run(endpoint, out, err);
            return new Result(endpoint, exit, out.toByteArray(), err.toByteArray(), elapsed(start), null);
        } catch (WinRmException e) {
            return new Result(endpoint, -1, out.toByteArray(), err.toByteArray(), elapsed(start), e);
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private record Result(Endpoint endpoint, int exitCode, byte[] stdout, byte[] stderr, long millis,
                          WinRmException error) {

        Map<String, Object> json() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("host", endpoint.toString());
            o.put("exit_code", error == null ? exitCode : null);
            text(o, "stdout", stdout);
            text(o, "stderr", stderr);
            o.put("duration_ms", millis);
            o.put("error", error == null ? null : error.getMessage());
            return o;
        }

        private static void text(Map<String, Object> o, String name, byte[] bytes) {
            try {
                o.put(name, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
            } catch (CharacterCodingException e) {
                o.put(name, null);
                o.put(name + "_base64", Base64.getEncoder().encodeToString(bytes));
            }
        }
    }
}
