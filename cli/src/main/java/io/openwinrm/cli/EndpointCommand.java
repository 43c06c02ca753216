package io.openwinrm.cli;

import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.cli.endpoint.EndpointDirectory;
import io.openwinrm.cli.endpoint.EndpointFile;
import io.openwinrm.cli.endpoint.PowerShellAvailability;
import io.openwinrm.common.AtomicFiles;
import io.openwinrm.os.PosixAccounts;
import io.openwinrm.policy.access.AccessDecision;
import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.Principal;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.policy.access.Subject;
import io.openwinrm.policy.restrict.RoleCapability;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.command.ResourceLimits;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.endpoint.RunAs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code openwinrm endpoint register|unregister|list|show|set-access|capabilities}: session configurations
 * ({@code Register-PSSessionConfiguration}, {@code Get-PSSessionCapability}). Files under HOME/endpoints; a running
 * server picks changes up within a second, without a restart, and running shells keep their endpoint as it was.
 */
@Command(name = "endpoint", mixinStandardHelpOptions = true,
        description = "Manage endpoints (session configurations): who may connect, what runs, as whom.",
        subcommands = {EndpointCommand.Register.class, EndpointCommand.Unregister.class, EndpointCommand.ListAll.class,
                EndpointCommand.Show.class, EndpointCommand.SetAccess.class, EndpointCommand.Capabilities.class})
final class EndpointCommand {

    private EndpointCommand() {
    }

    static Path home(HomeOption home) {
        return home.resolve().root();
    }

    static List<Endpoint> load(Path home) {
        try {
            return EndpointDirectory.load(home);
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
    }

    static Endpoint find(Path home, String name) {
        return load(home).stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                new CliException(ExitCodes.USAGE, "no endpoint named " + name + " (see 'openwinrm endpoint list')"));
    }

    /** Writes every endpoint file, first materialising the built-in ones when the directory does not exist yet. */
    static void save(Path home, Endpoint endpoint) {
        Path dir = EndpointDirectory.endpointsDir(home);
        try {
            if (!Files.isDirectory(dir)) {
                for (Endpoint builtIn : load(home)) {
                    write(home, builtIn);
                }
            }
            write(home, endpoint);
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, "cannot write " + dir + ": " + e.getMessage());
        }
    }

    private static void write(Path home, Endpoint endpoint) throws IOException {
        Path dir = EndpointDirectory.endpointsDir(home);
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(endpoint.name() + ".toml"),
                EndpointFile.format(endpoint, home).getBytes(StandardCharsets.UTF_8), false);
    }

    static List<Principal> principals(List<String> texts) {
        List<Principal> out = new ArrayList<>();
        for (String t : texts) {
            try {
                out.add(Principal.parse(t));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
        }
        return out;
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register an endpoint (or replace one with --force).")
    static final class Register implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Parameters(paramLabel = "NAME", description = "Endpoint name; clients select it by resource URI "
                + Endpoint.OPENWINRM_PREFIX + "NAME or " + Endpoint.POWERSHELL_PREFIX + "NAME.")
        String name;
        @Option(names = "--kind", defaultValue = "shell", description = "shell (each command a process), login "
                + "(stateful login shell), restricted (only commands allowed by roles) or powershell (PowerShell "
                + "remoting, served by pwsh -s as the caller). Default: ${DEFAULT-VALUE}.")
        String kind;
        @Option(names = "--pwsh", paramLabel = "PATH", description = "With --kind powershell: the pwsh executable "
                + "(default: found on PATH when a shell opens).")
        Path pwsh;
        @Option(names = "--description", defaultValue = "", description = "Free text.")
        String description;
        @Option(names = "--run-as", defaultValue = "caller", description = "caller (default), account:NAME (a "
                + "service account) or temporary (a per-connection account).")
        String runAs;
        @Option(names = "--temporary-group", paramLabel = "GROUP", description = "With --run-as temporary: a group "
                + "the temporary account joins (repeatable).")
        List<String> temporaryGroups = new ArrayList<>();
        @Mixin
        AccessOptions access;
        @Option(names = "--role", paramLabel = "PRINCIPAL=ROLE[,ROLE]", description = "Restricted endpoints: give "
                + "PRINCIPAL the role capabilities HOME/roles/ROLE.toml (repeatable).")
        List<String> roles = new ArrayList<>();
        @Option(names = "--transcripts", paramLabel = "DIR", description = "Write a transcript per shell to DIR.")
        Path transcripts;
        @Option(names = "--max-processes", defaultValue = "0", description = "MaxProcessesPerShell, enforced by "
                + "the OS (0: none).")
        int maxProcesses;
        @Option(names = "--max-memory-mb", defaultValue = "0", description = "MaxMemoryPerShellMB, enforced by "
                + "the OS (0: none).")
        long maxMemoryMb;
        @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "0", description = "Kill a command "
                + "that runs longer (0: none).")
        long deadline;
        @Option(names = "--transcode-codepage", description = "Transcode stdin and output between UTF-8 and the "
                + "client's console code page (WINRS_CODEPAGE). Default: bytes pass through unchanged, as on Windows.")
        boolean transcodeCodepage;
        @Option(names = "--force", description = "Replace an endpoint of the same name.")
        boolean force;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path h = home(home);
            if (!force && load(h).stream().anyMatch(e -> e.name().equals(name))) {
                throw new CliException(ExitCodes.USAGE, "endpoint " + name + " exists (use --force to replace it)");
            }
            Endpoint endpoint;
            try {
                Map<Principal, List<String>> defs = new LinkedHashMap<>();
                Map<String, RoleCapability> capabilities = new LinkedHashMap<>();
                for (String r : roles) {
                    int eq = r.indexOf('=');
                    if (eq <= 0 || eq == r.length() - 1) {
                        throw new CliException(ExitCodes.USAGE, "--role must be PRINCIPAL=ROLE[,ROLE], not '" + r
                                + "'");
                    }
                    List<String> names = List.of(r.substring(eq + 1).split(","));
                    for (String n : names) {
                        capabilities.put(n, EndpointDirectory.role(h, n.strip()));
                    }
                    defs.put(principals(List.of(r.substring(0, eq))).get(0), names.stream().map(String::strip)
                            .toList());
                }
                AccessList acl = access.allow.isEmpty() && access.deny.isEmpty() ? AccessList.DEFAULT
                        : new AccessList(access.allow.isEmpty() ? AccessList.DEFAULT.allow() : principals(access.allow),
                                principals(access.deny));
                EndpointKind k = EndpointKind.parse(kind);
                if (k == EndpointKind.RESTRICTED && defs.isEmpty()) {
                    throw new CliException(ExitCodes.USAGE, "a restricted endpoint needs at least one --role");
                }
                endpoint = new Endpoint(name, description, Endpoint.uris(name), k, acl,
                        EndpointFile.runAs(runAs, temporaryGroups),
                        new ResourceLimits(maxProcesses, maxMemoryMb,
                                deadline == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(deadline))),
                        Optional.ofNullable(transcripts).map(Path::toAbsolutePath), new RoleDefinitions(defs),
                        capabilities, transcodeCodepage, Optional.ofNullable(pwsh).map(Path::toAbsolutePath));
            } catch (ConfigException e) {
                throw new CliException(ExitCodes.CONFIG, e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
            save(h, endpoint);
            String uri = endpoint.kind() == EndpointKind.POWERSHELL ? Endpoint.POWERSHELL_PREFIX + name
                    : endpoint.resourceUris().get(0);
            spec.commandLine().getOut().println("registered endpoint " + name + " (" + uri + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "unregister", mixinStandardHelpOptions = true, description = "Remove an endpoint. Its "
            + "running shells keep running until they close.")
    static final class Unregister implements Callable<Integer> {
        @Mixin
        NamedEndpoint target;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path h = target.home();
            String name = target.name;
            find(h, name);
            Path dir = EndpointDirectory.endpointsDir(h);
            try {
                if (!Files.isDirectory(dir)) {
                    for (Endpoint builtIn : load(h)) {
                        if (!builtIn.name().equals(name)) {
                            save(h, builtIn);
                        }
                    }
                    Files.createDirectories(dir);
                }
                Files.deleteIfExists(dir.resolve(name + ".toml"));
            } catch (IOException e) {
                throw new CliException(ExitCodes.CONFIG, "cannot remove endpoint " + name + ": " + e.getMessage());
            }
            spec.commandLine().getOut().println("unregistered endpoint " + name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the endpoints.")
    static final class ListAll implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Option(names = "--json", description = "Print a JSON array of {name, kind, run_as, access}.")
        boolean json;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, load(home(home)).stream().map(EndpointJson::summary).toList());
                return ExitCodes.OK;
            }
            out.printf("%-20s %-11s %-22s %s%n", "NAME", "KIND", "RUN AS", "ACCESS");
            for (Endpoint e : load(home(home))) {
                out.printf("%-20s %-11s %-22s %s%n", e.name(), e.kind().text(), e.runAs().text(),
                        e.access().describe());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an endpoint in full.")
    static final class Show implements Callable<Integer> {
        @Mixin
        NamedEndpoint target;
        @Option(names = "--json", description = "Print the endpoint as one JSON object.")
        boolean json;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path h = target.home();
            String name = target.name;
            Endpoint e = find(h, name);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, EndpointJson.full(e));
                return ExitCodes.OK;
            }
            out.println("name:          " + e.name());
            out.println("description:   " + e.description());
            out.println("kind:          " + e.kind().text());
            out.println("resource URIs: " + String.join("\n               ", e.resourceUris()));
            out.println("run as:        " + e.runAs().text() + (e.runAs() instanceof RunAs.Temporary t
                    ? " (groups: " + String.join(", ", t.groups()) + ")" : ""));
            out.println("access:        " + e.access().describe());
            ResourceLimits l = e.limits();
            out.println("limits:        max processes " + (l.maxProcesses() == 0 ? "none" : l.maxProcesses())
                    + ", max memory " + (l.maxMemoryMb() == 0 ? "none" : l.maxMemoryMb() + " MB")
                    + ", command deadline " + l.deadline().map(d -> d.toSeconds() + " s").orElse("none"));
            out.println("transcripts:   " + e.transcripts().map(Path::toString).orElse("none"));
            e.roleDefinitions().roles().forEach((p, r) -> out.println("role:          " + p.text() + " -> "
                    + String.join(", ", r)));
            return ExitCodes.OK;
        }
    }

    @Command(name = "set-access", mixinStandardHelpOptions = true, description = "Change who may use an endpoint "
            + "(Set-PSSessionConfiguration -SecurityDescriptorSddl). Takes effect within a second for new shells and "
            + "for Connect/Reconnect of existing ones.")
    static final class SetAccess implements Callable<Integer> {
        @Mixin
        NamedEndpoint target;
        @Mixin
        AccessOptions access;
        @Option(names = "--remove", paramLabel = "PRINCIPAL", description = "Drop the principal's entries.")
        List<String> remove = new ArrayList<>();
        @Option(names = "--reset", description = "Start from the default list (administrators and "
                + "group:winrm-remote-management).")
        boolean reset;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (access.allow.isEmpty() && access.deny.isEmpty() && remove.isEmpty() && !reset) {
                throw new CliException(ExitCodes.USAGE, "nothing to change: give --allow, --deny, --remove or "
                        + "--reset");
            }
            Path h = target.home();
            String name = target.name;
            Endpoint e = find(h, name);
            AccessList acl = reset ? AccessList.DEFAULT : e.access();
            acl = acl.without(principals(remove)).withAllowed(principals(access.allow))
                    .withDenied(principals(access.deny));
            save(h, e.withAccess(acl));
            spec.commandLine().getOut().println("endpoint " + name + ": " + acl.describe());
            return ExitCodes.OK;
        }
    }

    @Command(name = "capabilities", mixinStandardHelpOptions = true, description = "Show what a user may do on "
            + "each endpoint (Get-PSSessionCapability).")
    static final class Capabilities implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Option(names = "--user", required = true, paramLabel = "NAME", description = "An OS account name.")
        String user;
        @Option(names = "--endpoint", paramLabel = "NAME", description = "Only this endpoint.")
        String only;
        @Option(names = "--json", description = "Print a JSON array: per endpoint name, kind, admitted, reason, and "
                + "when admitted run_as, roles and commands (the policy's lines).")
        boolean json;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path h = home(home);
            PosixAccounts accounts = new PosixAccounts();
            CallerResolver resolver = new CallerResolver(accounts, IsolationMode.AUTO);
            Subject subject = accounts.find(user).map(os -> CallerResolver.subjectOf(user, os))
                    .orElseThrow(() -> new CliException(ExitCodes.USAGE, "no OS account named " + user));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Endpoint e : only == null ? load(h) : List.of(find(h, only))) {
                    rows.add(capabilities(e, subject));
                }
                JsonOutput.print(out, rows);
                return ExitCodes.OK;
            }
            for (Endpoint e : only == null ? load(h) : List.of(find(h, only))) {
                AccessDecision d = e.access().check(subject);
                out.println(e.name() + " (" + e.kind().text() + "): " + (d.allowed() ? "admitted" : "refused")
                        + " - " + d.reason() + (resolver.switching() ? "" : " [this host's server would run "
                        + "every command as itself]"));
                if (!d.allowed()) {
                    continue;
                }
                out.println("  runs as: " + (e.runAs() instanceof RunAs.Caller ? user : e.runAs().text()));
                if (e.kind() == EndpointKind.RESTRICTED) {
                    List<String> roles = List.copyOf(e.roleDefinitions().rolesFor(subject));
                    out.println("  roles: " + (roles.isEmpty() ? "none (nothing may run)" : String.join(", ",
                            roles)));
                    for (String line : e.policyFor(subject).describe().split("\n")) {
                        out.println("  " + line);
                    }
                } else if (e.kind() == EndpointKind.POWERSHELL) {
                    out.println("  commands: any (PowerShell: " + PowerShellAvailability.describe(e.pwsh()) + ")");
                } else {
                    out.println("  commands: any (" + (e.kind() == EndpointKind.LOGIN ? "stateful login shell"
                            : "each command through /bin/sh -c") + ")");
                }
            }
            if (only == null && load(h).stream().noneMatch(e -> e.kind() == EndpointKind.POWERSHELL)) {
                out.println(Endpoint.POWERSHELL_NAME + " (powershell): absent - "
                        + PowerShellAvailability.describe(Optional.empty()));
            }
            return ExitCodes.OK;
        }

        private Map<String, Object> capabilities(Endpoint e, Subject subject) {
            AccessDecision d = e.access().check(subject);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", e.name());
            o.put("kind", e.kind().text());
            o.put("admitted", d.allowed());
            o.put("reason", d.reason());
            if (d.allowed()) {
                o.put("run_as", e.runAs() instanceof RunAs.Caller ? user : e.runAs().text());
                if (e.kind() == EndpointKind.RESTRICTED) {
                    o.put("roles", List.copyOf(e.roleDefinitions().rolesFor(subject)));
                    o.put("commands", List.of(e.policyFor(subject).describe().split("\n")));
                } else {
                    o.put("commands", List.of("any"));
                }
            }
            return o;
        }
    }

    /** {@code [--home DIR] NAME}: an endpoint of a state directory. */
    static final class NamedEndpoint {
        @Mixin
        HomeOption home;
        @Parameters(paramLabel = "NAME", description = "Endpoint name.")
        String name;

        Path home() {
            return EndpointCommand.home(home);
        }
    }

    /** {@code --allow} and {@code --deny} principals. */
    static final class AccessOptions {
        @Option(names = "--allow", paramLabel = "PRINCIPAL", description = "Admit user:NAME, group:NAME, "
                + "administrators or everyone (repeatable; register's default: administrators and "
                + "group:winrm-remote-management).")
        List<String> allow = new ArrayList<>();
        @Option(names = "--deny", paramLabel = "PRINCIPAL", description = "Refuse (repeatable; deny wins).")
        List<String> deny = new ArrayList<>();
    }
}
