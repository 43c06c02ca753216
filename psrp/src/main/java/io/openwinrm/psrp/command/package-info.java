/**
 * The PowerShell object of CREATE_PIPELINE ([MS-PSRP] 2.2.3.11 - 2.2.3.13, 2.2.2.10): statements of commands,
 * each a command name or script text with its parameters and stream merges, as typed records, and
 * {@link io.openwinrm.psrp.command.PowerShellCodec} between them and CLIXML objects. Nothing here runs anything:
 * engines decide what a command means.
 */
package io.openwinrm.psrp.command;
