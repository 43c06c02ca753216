/**
 * The native restricted PSRP engine: a JEA-style {@code RestrictedRemoteServer} runspace in NoLanguage mode,
 * implemented in Java behind the engine seam ({@code server.psrp.engine}), so that PowerShell Remoting clients
 * (pypsrp, {@code Invoke-Command}, {@code Enter-PSSession}) can run the programs a restricted endpoint's roles allow
 * on a host without PowerShell ([MS-PSRP] 3.2).
 *
 * <p>The runspace exposes the JEA default cmdlets ({@link io.openwinrm.server.psrp.restricted.Builtin}), the
 * programs and argument schemas of the caller's merged roles (policy's {@code CommandPolicy}, the same check as the
 * WinRS restricted endpoint) and {@code $PSVersionTable}. Script text is accepted only as one pipeline of commands
 * with literal arguments ({@link io.openwinrm.server.psrp.restricted.NoLanguageParser}); anything else is an error
 * record naming the {@link io.openwinrm.server.psrp.restricted.NoLanguageRule} it breaks. Programs are executed
 * directly through the shell's {@code ProcessLauncher}, as the shell's account in its sandbox; stdout lines become
 * string objects, stderr lines error records, the exit code {@code $LASTEXITCODE}; a stop kills the process group.
 * Every command run or refused is audited ({@link io.openwinrm.server.psrp.restricted.RestrictedAudit}).
 */
package io.openwinrm.server.psrp.restricted;
