/**
 * The native restricted PSRP engine: a JEA-style {@code RestrictedRemoteServer} runspace in NoLanguage mode,
 * implemented in Java behind the engine seam ({@code server.psrp.engine}), so that PowerShell Remoting clients
 * (pypsrp, {@code Invoke-Command}, {@code Enter-PSSession}) can run the programs a restricted endpoint's roles allow
 * on a host without PowerShell ([MS-PSRP] 3.2).
 *
 * <p>Layout, in the order a message meets it:
 * <ul>
 *   <li>{@link io.openwinrm.server.psrp.restricted.RestrictedEngineFactory} opens a
 *       {@link io.openwinrm.server.psrp.restricted.RestrictedRunspacePool} per shell: the pool's state machine,
 *       its pipelines, and {@code Outbox} (fragments out, sized to the client's envelope);</li>
 *   <li>a {@code RestrictedPipeline} per CREATE_PIPELINE, run by a {@code PipelineRun}: each statement is resolved
 *       as a whole ({@code StatementResolver}: script text through {@code NoLanguageParser}, names to the JEA default
 *       cmdlets of {@code Builtin} or to programs through the caller's {@code CommandPolicy}, the same check as the
 *       WinRS restricted endpoint), then run: built-ins as {@code Stage}s, a program by {@code NativeRun} through the
 *       shell's {@code ProcessLauncher}, as the shell's account, in its sandbox, without a shell;</li>
 *   <li>stdout lines become string objects, stderr lines {@code NativeCommandError} records, the exit code
 *       {@code $LASTEXITCODE} (and a {@code ProgramExitedWithNonZeroCode} record when not 0); a stop kills the
 *       process group;</li>
 *   <li>every command run or refused goes to {@link io.openwinrm.server.psrp.restricted.RestrictedAudit}
 *       ({@link io.openwinrm.server.psrp.restricted.AuditedRestrictedAudit}: the audit log and transcripts).</li>
 * </ul>
 *
 * <p>Refusals (a NoLanguage rule, an invisible command, an argument the roles' schema refuses) are an ERROR_RECORD
 * whose FullyQualifiedErrorId names the rule; the pipeline still completes, as a statement-terminating error does
 * in PowerShell, and nothing after the refused statement runs. Everything client-controlled is bounded:
 * {@link io.openwinrm.server.psrp.restricted.RestrictedEngineLimits}, the psrp module's CLIXML and defragmenter
 * limits, the policy's argument limits, and the script length.
 */
package io.openwinrm.server.psrp.restricted;
