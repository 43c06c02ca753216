package io.openwinrm.cli;

import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.RunAs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code endpoint list|show --json}: an endpoint as a JSON object, the same facts as the text. */
final class EndpointJson {

    private EndpointJson() {
    }

    /** The summary {@code endpoint list} prints. */
    static Map<String, Object> summary(Endpoint e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", e.name());
        o.put("kind", e.kind().text());
        o.put("run_as", e.runAs().text());
        o.put("access", e.access().describe());
        return o;
    }

    /** Everything {@code endpoint show} prints. */
    static Map<String, Object> full(Endpoint e) {
        Map<String, Object> o = summary(e);
        o.put("description", e.description());
        o.put("resource_uris", e.resourceUris());
        if (e.runAs() instanceof RunAs.Temporary t) {
            o.put("temporary_groups", t.groups());
        }
        ResourceLimits l = e.limits();
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("max_processes", l.maxProcesses() == 0 ? null : l.maxProcesses());
        limits.put("max_memory_mb", l.maxMemoryMb() == 0 ? null : l.maxMemoryMb());
        limits.put("deadline_s", l.deadline().map(d -> d.toSeconds()).orElse(null));
        o.put("limits", limits);
        o.put("transcripts", e.transcripts().map(Path::toString).orElse(null));
        List<Map<String, Object>> roles = new ArrayList<>();
        e.roleDefinitions().roles().forEach((p, r) -> {
            Map<String, Object> role = new LinkedHashMap<>();
            role.put("principal", p.text());
            role.put("roles", r);
            roles.add(role);
        });
        o.put("roles", roles);
        return o;
    }
}
