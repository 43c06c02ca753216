package io.openwinrm.interop;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * What a finished driver process left: its exit status, its stdout (one JSON object by contract) and
 * stderr, and the wall time it took.
 */
record DriverResult(int exitCode, String stdout, String stderr, Duration elapsed) {

    /** The JSON object on stdout; an {@link AssertionError} with both streams if there is none. */
    Map<String, Object> json() {
        try {
            return Json.parseObject(stdout);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("driver did not print one JSON object: " + e.getMessage() + describe(), e);
        }
    }

    /** A field of {@link #json()} that must be present (it may be JSON null). */
    Object field(String name) {
        Map<String, Object> json = json();
        if (!json.containsKey(name)) {
            throw new AssertionError("driver output has no \"" + name + "\"" + describe());
        }
        return json.get(name);
    }

    long longField(String name) {
        Object value = field(name);
        if (!(value instanceof Long n)) {
            throw new AssertionError("\"" + name + "\" is not an integer but " + value + describe());
        }
        return n;
    }

    String stringField(String name) {
        Object value = field(name);
        if (!(value instanceof String s)) {
            throw new AssertionError("\"" + name + "\" is not a string but " + value + describe());
        }
        return s;
    }

    /** Decodes a {@code *_b64} field. */
    byte[] bytesField(String name) {
        return Base64.getDecoder().decode(stringField(name));
    }

    /** Exit status, stdout and the tail of stderr, for assertion messages. */
    String describe() {
        String err = stderr.length() > 4000 ? "..." + stderr.substring(stderr.length() - 4000) : stderr;
        String out = stdout.length() > 4000 ? stdout.substring(0, 4000) + "..." : stdout;
        return "\n  exit status: " + exitCode + "\n  stdout: " + out.strip() + "\n  stderr: " + err.strip();
    }
}
