package io.openwinrm.server.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One audit event (anchors.md §4.3: connecting principal, run-as, endpoint, roles, argv, decision and reason, exit
 * code, byte counts). Written as one JSON line by {@link JsonLinesAuditLog}.
 *
 * @param time       when it happened (for an invocation: when it ended)
 * @param event      {@code access} (an endpoint admitted or refused a caller), {@code command} (a command ran or was
 *                   refused), {@code pipeline} (a PowerShell pipeline started; argv holds its commands in words)
 *                   {@code shell} (a shell opened or closed) or {@code logon} (a CredSSP logon: the client delegated
 *                   its credentials, or they were refused)
 * @param user       the authenticated caller
 * @param clientIp   the client's address
 * @param endpoint   the endpoint name
 * @param runAs      the OS account commands run as
 * @param roles      the caller's roles on a restricted endpoint
 * @param argv       the command as executed (restricted) or as sent (command line and arguments)
 * @param allowed    the decision
 * @param reason     why (the rule that decided, or what happened)
 * @param exitCode   the exit code of a finished command
 * @param bytesIn    stdin bytes received
 * @param bytesOut   stdout and stderr bytes produced
 * @param durationMs how long the command ran
 * @param shellId    the shell
 * @param commandId  the command
 */
public record AuditRecord(Instant time, String event, String user, String clientIp, String endpoint, String runAs,
                          List<String> roles, List<String> argv, boolean allowed, String reason, OptionalInt exitCode,
                          long bytesIn, long bytesOut, long durationMs, String shellId, String commandId) {

    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
        roles = List.copyOf(roles);
        argv = List.copyOf(argv);
        Objects.requireNonNull(exitCode, "exitCode");
    }

    /** The record as one JSON object, keys in a fixed order, absent values omitted. */
    public String toJson() {
        Json j = new Json();
        j.field("time", time.toString()).field("event", event).field("user", user).field("client_ip", clientIp)
                .field("endpoint", endpoint).field("run_as", runAs);
        if (!roles.isEmpty()) {
            j.field("roles", roles);
        }
        if (!argv.isEmpty()) {
            j.field("argv", argv);
        }
        j.field("decision", allowed ? "allowed" : "refused").field("reason", reason);
        if (exitCode.isPresent()) {
            j.field("exit_code", exitCode.getAsInt());
        }
        if (event.equals("command") && allowed) {
            j.field("bytes_in", bytesIn).field("bytes_out", bytesOut).field("duration_ms", durationMs);
        }
        j.field("shell_id", shellId).field("command_id", commandId);
        return j.end();
    }

    /** Minimal JSON object writer: strings escaped per RFC 8259 §7. */
    private static final class Json {
        private final StringBuilder out = new StringBuilder("{");

        Json field(String key, Object value) {
            if (value == null) {
                return this;
            }
            if (out.length() > 1) {
                out.append(',');
            }
            string(key);
            out.append(':');
            if (value instanceof Number n) {
                out.append(n);
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(String.valueOf(list.get(i)));
                }
                out.append(']');
            } else {
                string(value.toString());
            }
            return this;
        }

        private void string(String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        String end() {
            return out.append('}').toString();
        }
    }
}
