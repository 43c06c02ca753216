/**
 * A PowerShell Remoting ([MS-PSRP]) client on top of {@link io.openwinrm.client.WinRmClient}: the same credentials,
 * TLS, Negotiate sealing and Kerberos. {@link io.openwinrm.client.powershell.PowerShellClient} opens, lists and
 * connects to {@link io.openwinrm.client.powershell.RunspacePool}s (one WS-Man shell each, [MS-PSRP] 3.1.5.3.1);
 * a pool runs {@link io.openwinrm.client.powershell.Pipeline}s (one WS-Man command each, 3.1.5.3.3) whose output
 * objects and streams arrive as they are received, and answers the server's host calls through a
 * {@link io.openwinrm.client.powershell.PsHost}.
 *
 * <p>Everything PSRP itself (fragments, messages, CLIXML and its {@code PsValue}/{@code PsObject} model, the stream
 * records) comes from the {@code psrp} module; this package only moves it over WS-Man and keeps the client's view of
 * the pool and pipeline states. Errors are {@link io.openwinrm.client.WinRmException}s: WS-Man faults and transport
 * failures as elsewhere in the client, {@link io.openwinrm.client.powershell.PowerShellException} and its subtypes
 * for what PSRP reports.
 */
package io.openwinrm.client.powershell;
