/**
 * JEA-style restricted command policy: which programs, with which arguments, the roles of a restricted
 * endpoint may run. The analogue of PowerShell's role capability files ({@code .psrc}) for native programs
 * (anchors.md §4.2, §4.3; PowerShell-Docs {@code jea/role-capabilities.md}).
 *
 * <p>Pipeline, pure logic and no I/O beyond reading a role file:
 * <ol>
 *   <li>{@link io.openwinrm.policy.restrict.RoleCapabilityFile} parses one strict TOML role file into an
 *       immutable {@link io.openwinrm.policy.restrict.RoleCapability} (a list of
 *       {@link io.openwinrm.policy.restrict.CommandRule}s: absolute program path plus argument schema).</li>
 *   <li>{@link io.openwinrm.policy.restrict.RoleMerger} merges the roles of one user with JEA's seven
 *       "most permissive wins" rules into a {@link io.openwinrm.policy.restrict.CommandPolicy}.</li>
 *   <li>{@link io.openwinrm.policy.restrict.CommandLine} turns the WinRS command text plus its separate
 *       {@code Arguments} ([MS-WSMV] 2.2.4.7 CommandLine) into an argv, refusing anything a shell would
 *       interpret: there is no shell, an allowed command is executed directly (the JEA NoLanguage
 *       equivalent).</li>
 *   <li>{@link io.openwinrm.policy.restrict.CommandPolicy#decide(java.util.List)} returns a sealed
 *       {@link io.openwinrm.policy.restrict.Decision}: allowed with the absolute program path and the roles
 *       that allowed it, or refused with the rule and a one-sentence reason for the audit record.</li>
 * </ol>
 *
 * <p>Every type here is immutable and thread-safe. Nothing here knows of WS-Management, HTTP or processes.
 */
package io.openwinrm.policy.restrict;
