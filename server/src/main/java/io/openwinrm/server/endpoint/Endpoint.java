package io.openwinrm.server.endpoint;

import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.RoleDefinitions;
import io.openwinrm.policy.access.Subject;
import io.openwinrm.policy.restrict.CommandPolicy;
import io.openwinrm.policy.restrict.RoleCapability;
import io.openwinrm.policy.restrict.RoleMerger;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.server.command.ResourceLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A session configuration ("endpoint", [MS-PSRP] 3.1.4.1 / {@code Register-PSSessionConfiguration}): the resource
 * URIs that select it, who may use it, what its shells run and as whom, limits, and transcripts. Immutable; a shell
 * keeps the endpoint it was created with, so re-registering never disturbs running shells.
 *
 * @param name                name (letters, digits, '.', '-', '_'); selects {@link #uris(String)}
 * @param description         free text
 * @param resourceUris        every URI that selects it (compared case-insensitively)
 * @param kind                what its shells run
 * @param access              who may open shells on it
 * @param runAs               whose account commands run under
 * @param limits              per-shell OS limits and the command deadline
 * @param transcripts         directory for per-shell transcripts, if the endpoint asks for them
 * @param roleDefinitions     restricted endpoints: which principals get which roles
 * @param roleCapabilities    restricted endpoints: the roles by name, loaded
 * @param transcodeCodepage   transcode stdin and output between UTF-8 and the client's console code page
 *                            ({@code WINRS_CODEPAGE}); off by default: bytes pass through unchanged, as Windows passes a
 *                            process's pipe bytes, and the command is told the code page in its environment
 * @param pwsh                kind powershell: the {@code pwsh} executable its runspace pools run; empty to find
 *                            {@code pwsh} on the account's PATH
 */
public record Endpoint(String name, String description, List<String> resourceUris, EndpointKind kind,
                       AccessList access, RunAs runAs, ResourceLimits limits, Optional<Path> transcripts,
                       RoleDefinitions roleDefinitions, Map<String, RoleCapability> roleCapabilities,
                       boolean transcodeCodepage, Optional<Path> pwsh) {

    /** An endpoint whose PowerShell (kind powershell) is found on PATH. */
    public Endpoint(String name, String description, List<String> resourceUris, EndpointKind kind,
                    AccessList access, RunAs runAs, ResourceLimits limits, Optional<Path> transcripts,
                    RoleDefinitions roleDefinitions, Map<String, RoleCapability> roleCapabilities,
                    boolean transcodeCodepage) {
        this(name, description, resourceUris, kind, access, runAs, limits, transcripts, roleDefinitions,
                roleCapabilities, transcodeCodepage, Optional.empty());
    }

    /** An endpoint that passes stdin and output through unchanged whatever the client's code page. */
    public Endpoint(String name, String description, List<String> resourceUris, EndpointKind kind,
                    AccessList access, RunAs runAs, ResourceLimits limits, Optional<Path> transcripts,
                    RoleDefinitions roleDefinitions, Map<String, RoleCapability> roleCapabilities) {
        this(name, description, resourceUris, kind, access, runAs, limits, transcripts, roleDefinitions,
                roleCapabilities, false);
    }

    /** Prefix of PowerShell session configuration URIs ({@code microsoft.powershell} and friends). */
    public static final String POWERSHELL_PREFIX = "http://schemas.microsoft.com/powershell/";
    /** Prefix of OpenWinRM endpoint URIs. */
    public static final String OPENWINRM_PREFIX = "http://schemas.openwinrm.io/wbem/wsman/1/shell/";
    /** The default endpoint: WinRS's cmd shell. */
    public static final String DEFAULT_NAME = "cmd";
    /** The stateful login shell endpoint. */
    public static final String LOGIN_NAME = "login";
    /** The default PowerShell session configuration, as Windows names it. */
    public static final String POWERSHELL_NAME = "Microsoft.PowerShell";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public Endpoint {
        checkName(name);
        Objects.requireNonNull(description, "description");
        resourceUris = List.copyOf(resourceUris);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(runAs, "runAs");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(transcripts, "transcripts");
        Objects.requireNonNull(roleDefinitions, "roleDefinitions");
        roleCapabilities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roleCapabilities));
        if (resourceUris.isEmpty()) {
            throw new IllegalArgumentException("endpoint " + name + " has no resource URI");
        }
        for (String role : roleDefinitions.allRoles()) {
            if (!roleCapabilities.containsKey(role)) {
                throw new IllegalArgumentException("endpoint " + name + " names role '" + role
                        + "', which is not loaded");
            }
        }
        if (kind != EndpointKind.RESTRICTED && !roleDefinitions.roles().isEmpty()) {
            throw new IllegalArgumentException("endpoint " + name + ": roles apply only to kind = restricted");
        }
        Objects.requireNonNull(pwsh, "pwsh");
        if (pwsh.isPresent() && (kind != EndpointKind.POWERSHELL || !pwsh.get().isAbsolute())) {
            throw new IllegalArgumentException("endpoint " + name + ": pwsh is an absolute path, and only for "
                    + "kind = powershell");
        }
    }

    /**
     * The URIs that select an endpoint of this name: {@code http://schemas.openwinrm.io/wbem/wsman/1/shell/NAME} and
     * {@code http://schemas.microsoft.com/powershell/NAME}; the default endpoint also answers WinRS's cmd
     * shell URI, which is what pywinrm, the Go client and winrs send.
     */
    public static List<String> uris(String name) {
        checkName(name);
        List<String> uris = new ArrayList<>();
        if (name.equals(DEFAULT_NAME)) {
            uris.add(ResourceUris.CMD_SHELL);
        }
        uris.add(OPENWINRM_PREFIX + name);
        uris.add(POWERSHELL_PREFIX + name);
        return List.copyOf(uris);
    }

    /** Whether {@code name} is a valid endpoint name. */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static void checkName(String name) {
        if (!validName(name)) {
            throw new IllegalArgumentException("endpoint name '" + name
                    + "' must be 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
    }

    /** The default endpoint as {@code enable} registers it: cmd shell semantics, administrators only. */
    public static Endpoint defaultShell() {
        return simple(DEFAULT_NAME, "WinRS cmd shell: every command a new process (default endpoint)",
                EndpointKind.SHELL);
    }

    /** The stateful login shell endpoint, administrators only. */
    public static Endpoint defaultLogin() {
        return simple(LOGIN_NAME, "Stateful login shell: cd, variables and functions persist", EndpointKind.LOGIN);
    }

    private static Endpoint simple(String name, String description, EndpointKind kind) {
        return new Endpoint(name, description, uris(name), kind, AccessList.DEFAULT, new RunAs.Caller(),
                ResourceLimits.NONE, Optional.empty(), RoleDefinitions.NONE, Map.of());
    }

    /** Whether {@code uri} selects this endpoint. */
    public boolean answers(String uri) {
        String u = uri.strip().toLowerCase(Locale.ROOT);
        return resourceUris.stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).equals(u));
    }

    /** The merged command policy of every role {@code subject} receives (empty roles: nothing allowed). */
    public CommandPolicy policyFor(Subject subject) {
        List<RoleCapability> roles = roleDefinitions.rolesFor(subject).stream().map(roleCapabilities::get).toList();
        return RoleMerger.merge(roles);
    }

    public Endpoint withAccess(AccessList value) {
        return new Endpoint(name, description, resourceUris, kind, value, runAs, limits, transcripts,
                roleDefinitions, roleCapabilities, transcodeCodepage, pwsh);
    }

    public Endpoint withTranscodeCodepage(boolean value) {
        return new Endpoint(name, description, resourceUris, kind, access, runAs, limits, transcripts,
                roleDefinitions, roleCapabilities, value, pwsh);
    }

    /** The default PowerShell endpoint, {@code Microsoft.PowerShell} (kind powershell), administrators only. */
    public static Endpoint defaultPowerShell(Optional<Path> pwsh) {
        return new Endpoint(POWERSHELL_NAME, "PowerShell 7 (pwsh -s) as the caller", uris(POWERSHELL_NAME),
                EndpointKind.POWERSHELL, AccessList.DEFAULT, new RunAs.Caller(), ResourceLimits.NONE,
                Optional.empty(), RoleDefinitions.NONE, Map.of(), false, pwsh);
    }

    /** Whether a request on {@code uri} addresses this endpoint as a PowerShell session configuration. */
    public static boolean isPowerShellUri(String uri) {
        return uri != null && uri.strip().toLowerCase(Locale.ROOT).startsWith(POWERSHELL_PREFIX);
    }
}
