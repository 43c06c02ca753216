/**
 * The WS-Management side of PowerShell shells ([MS-PSRP] 3.1.5 / 3.2.5 over [MS-WSMV] 3.1.4): Create with
 * {@code creationXml}, Command with the client's CommandId, Send on {@code stdin} and {@code pr}, Receive of the pool
 * and of each pipeline, Signal, Connect. A shell of a PowerShell endpoint is an ordinary {@code Shell} (quotas, idle
 * reclaim, disconnect, audit, Get and Enumerate are the WinRS machinery's) with a {@link
 * io.openwinrm.server.psrp.PowerShellSession} attached: the runspace pool's engine and its buffered output. Fragments
 * pass through unchanged; only their headers are read.
 */
package io.openwinrm.server.psrp;
