package io.openwinrm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * {@code --json}: what a command prints for scripts, one JSON document per line (JSON Lines: one object per host for
 * {@code invoke}, one array or object for a listing), field names in snake_case, absent values as {@code null}.
 * Values are maps, lists, strings, numbers, booleans and nulls.
 */
final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    /** {@code value} as one line of JSON. */
    static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.INTERNAL, "cannot write JSON: " + e.getOriginalMessage());
        }
    }

    static void print(PrintStream out, Object value) {
        String text = line(value);
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    static void print(PrintWriter out, Object value) {
        out.println(line(value));
        out.flush();
    }
}
