/**
 * The {@code pwsh -s} bridge: a runspace pool served by PowerShell 7's out-of-process server mode (the transport of
 * its SSH remoting and Start-Job, psrp.md 5), fragments passed through unchanged between WS-Man ([MS-PSRP] 3.2.5) and
 * the child's framed stdio.
 */
package io.openwinrm.server.psrp.pwsh;
