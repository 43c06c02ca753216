package io.openwinrm.cli.endpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.Principal;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.policy.restrict.RoleCapability;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.RunAs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One endpoint file, {@code endpoints/NAME.toml} (the {@code .pssc} of a Windows session configuration). Strict:
 * unknown keys and wrong types are errors naming the file and key.
 *
 * <pre>
 * description = "Service operators"
 * kind = "restricted"                 # shell (default) | login | restricted | powershell
 * pwsh = "/opt/microsoft/powershell/7/pwsh"   # kind = powershell: the pwsh to run (default: found on PATH)
 * run_as = "caller"                   # caller (default) | "account:NAME" | temporary
 * temporary_groups = ["systemd-journal"]   # run_as = temporary: the only groups of the temporary account
 * transcripts = "/var/log/openwinrm/transcripts"   # per-shell transcripts (optional)
 *
 * [access]                            # deny wins; default: administrators and group:winrm-remote-management
 * allow = ["administrators", "group:winrm-remote-management"]
 * deny = []
 *
 * [limits]                            # 0 = none
 * max_processes = 0                   # MaxProcessesPerShell, enforced by the OS (pids cgroup)
 * max_memory_mb = 0                   # MaxMemoryPerShellMB (memory cgroup)
 * command_deadline_s = 0              # a command running longer is killed
 *
 * [[role]]                            # kind = restricted: JEA RoleDefinitions
 * principal = "group:ops"
 * capabilities = ["service-status"]   # roles/service-status.toml
 * </pre>
 */
public final class EndpointFile {

    static final String MARKER = "# OpenWinRM endpoint (openwinrm endpoint register); edit, or re-register";
    private static final Set<String> TOP = Set.of("description", "kind", "run_as", "temporary_groups",
            "transcripts", "transcode_codepage", "access", "limits", "role", "pwsh");
    private static final Set<String> ACCESS = Set.of("allow", "deny");
    private static final Set<String> LIMITS = Set.of("max_processes", "max_memory_mb", "command_deadline_s");
    private static final Set<String> ROLE = Set.of("principal", "capabilities");
    private static final TomlMapper TOML = new TomlMapper();

    private EndpointFile() {
    }

    /**
     * Parses an endpoint file's text.
     *
     * @param name  the endpoint name (the file name without {@code .toml})
     * @param file  for messages
     * @param home  relative transcript directories are resolved against it
     * @param roles loads a role capability by name (throws ConfigException when it is missing or invalid)
     */
    public static Endpoint parse(String name, String text, String file, Path home,
                                 RoleLoader roles) throws ConfigException {
        if (!Endpoint.validName(name)) {
            throw new ConfigException(file + ": '" + name + "' is not a valid endpoint name (letters, digits, "
                    + "'.', '-', '_', at most 64)");
        }
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException(file + ": not valid TOML: " + e.getOriginalMessage());
        }
        checkKeys(root, TOP, file, "");
        try {
            EndpointKind kind = EndpointKind.parse(string(root, "kind", file, "shell"));
            RunAs runAs = runAs(string(root, "run_as", file, "caller"), strings(root, "temporary_groups", file));
            if (!(runAs instanceof RunAs.Temporary) && root.has("temporary_groups")) {
                throw new ConfigException(file + ": temporary_groups needs run_as = \"temporary\"");
            }
            Optional<Path> transcripts = root.has("transcripts")
                    ? Optional.of(home.resolve(string(root, "transcripts", file, ""))) : Optional.empty();
            JsonNode access = root.path("access");
            checkKeys(access, ACCESS, file, "access.");
            AccessList acl = access.isMissingNode() ? AccessList.DEFAULT
                    : AccessList.parse(strings(access, "allow", file), strings(access, "deny", file));
            JsonNode limits = root.path("limits");
            checkKeys(limits, LIMITS, file, "limits.");
            long deadline = number(limits, "command_deadline_s", file, 0, 31_536_000);
            ResourceLimits rl = new ResourceLimits((int) number(limits, "max_processes", file, 0, 1_000_000),
                    number(limits, "max_memory_mb", file, 0, 16_777_216),
                    deadline == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(deadline)));
            Map<Principal, List<String>> defs = new LinkedHashMap<>();
            Map<String, RoleCapability> capabilities = new LinkedHashMap<>();
            JsonNode roleNodes = root.path("role");
            if (!roleNodes.isMissingNode() && !roleNodes.isArray()) {
                throw new ConfigException(file + ": role must be an array of tables ([[role]])");
            }
            for (JsonNode role : roleNodes) {
                checkKeys(role, ROLE, file, "role.");
                Principal p = Principal.parse(string(role, "principal", file, null));
                if (defs.containsKey(p)) {
                    throw new ConfigException(file + ": role.principal " + p.text() + " appears twice");
                }
                List<String> names = strings(role, "capabilities", file);
                for (String n : names) {
                    capabilities.computeIfAbsent(n, unchecked(roles));
                }
                defs.put(p, names);
            }
            if (kind == EndpointKind.RESTRICTED && defs.isEmpty()) {
                throw new ConfigException(file + ": a restricted endpoint needs at least one [[role]]");
            }
            JsonNode transcode = root.path("transcode_codepage");
            if (!transcode.isMissingNode() && !transcode.isBoolean()) {
                throw new ConfigException(file + ": transcode_codepage must be true or false");
            }
            Optional<Path> pwsh = root.has("pwsh") ? Optional.of(Path.of(string(root, "pwsh", file, "")))
                    : Optional.empty();
            return new Endpoint(name, string(root, "description", file, ""), Endpoint.uris(name), kind, acl, runAs,
                    rl, transcripts, new RoleDefinitions(defs), capabilities, transcode.asBoolean(false), pwsh);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        } catch (RoleLoadFailure e) {
            throw e.cause;
        }
    }

    /** The text of an endpoint file for {@code e}; {@link #parse} of it gives back an equal endpoint. */
    public static String format(Endpoint e, Path home) {
        StringBuilder b = new StringBuilder(MARKER).append('\n');
        b.append("description = ").append(quote(e.description())).append('\n');
        b.append("kind = ").append(quote(e.kind().text())).append('\n');
        b.append("run_as = ").append(quote(e.runAs().text())).append('\n');
        if (e.runAs() instanceof RunAs.Temporary t) {
            b.append("temporary_groups = ").append(list(t.groups())).append('\n');
        }
        e.transcripts().ifPresent(t -> b.append("transcripts = ").append(quote(relative(home, t))).append('\n'));
        if (e.transcodeCodepage()) {
            b.append("transcode_codepage = true\n");
        }
        e.pwsh().ifPresent(p -> b.append("pwsh = ").append(quote(p.toString())).append('\n'));
        b.append("\n[access]\nallow = ").append(list(e.access().allow().stream().map(Principal::text).toList()))
                .append("\ndeny = ").append(list(e.access().deny().stream().map(Principal::text).toList()))
                .append('\n');
        ResourceLimits l = e.limits();
        b.append("\n[limits]\nmax_processes = ").append(l.maxProcesses())
                .append("\nmax_memory_mb = ").append(l.maxMemoryMb())
                .append("\ncommand_deadline_s = ").append(l.deadline().map(Duration::toSeconds).orElse(0L))
                .append('\n');
        e.roleDefinitions().roles().forEach((p, r) -> b.append("\n[[role]]\nprincipal = ").append(quote(p.text()))
                .append("\ncapabilities = ").append(list(r)).append('\n'));
        return b.toString();
    }

    /** Parses the written run-as: {@code caller}, {@code account:NAME} or {@code temporary}. */
    public static RunAs runAs(String text, List<String> temporaryGroups) {
        String t = text.strip();
        if (t.equals("caller")) {
            return new RunAs.Caller();
        }
        if (t.equals("temporary")) {
            return new RunAs.Temporary(temporaryGroups);
        }
        if (t.startsWith("account:")) {
            return new RunAs.Account(t.substring("account:".length()));
        }
        throw new IllegalArgumentException("run_as must be caller, account:NAME or temporary, not '" + text + "'");
    }

    /** Loads a role capability by name. */
    @FunctionalInterface
    public interface RoleLoader {
        RoleCapability load(String name) throws ConfigException;
    }

    private static final class RoleLoadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ConfigException cause;

        RoleLoadFailure(ConfigException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }

    private static Function<String, RoleCapability> unchecked(RoleLoader roles) {
        return n -> {
            try {
                return roles.load(n);
            } catch (ConfigException e) {
                throw new RoleLoadFailure(e);
            }
        };
    }

    private static String relative(Path home, Path p) {
        return p.startsWith(home) ? home.relativize(p).toString() : p.toString();
    }

    private static String list(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(quote(values.get(i)));
        }
        return b.append(']').toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String file, String prefix)
            throws ConfigException {
        if (node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            throw new ConfigException(file + ": " + (prefix.isEmpty() ? "the file" : prefix.substring(0,
                    prefix.length() - 1)) + " must be a table");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new ConfigException(file + ": unknown key " + prefix + key);
            }
        }
    }

    private static String string(JsonNode node, String key, String file, String fallback) throws ConfigException {
        JsonNode v = node.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new ConfigException(file + ": " + key + " is required");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            throw new ConfigException(file + ": " + key + " must be a string");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode node, String key, String file) throws ConfigException {
        JsonNode v = node.get(key);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ConfigException(file + ": " + key + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new ConfigException(file + ": " + key + " must be an array of strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static long number(JsonNode node, String key, String file, long min, long max) throws ConfigException {
        JsonNode v = node.get(key);
        if (v == null) {
            return 0;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new ConfigException(file + ": " + key + " must be a whole number from " + min + " to " + max);
        }
        return v.asLong();
    }
}
