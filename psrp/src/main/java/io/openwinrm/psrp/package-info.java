/**
 * The PowerShell Remoting Protocol ([MS-PSRP]) without I/O: fragments ({@code fragment}, 2.2.4), message headers
 * and typed messages ({@code message}, 2.2.1 and 2.2.2), the PowerShell object a pipeline runs
 * ({@code command}, 2.2.3.11), CLIXML ({@code clixml}, 2.2.5), the stream records ({@code stream}, 2.2.3.15 ff.)
 * and the runspace-pool and pipeline state machines as a server sees them ({@code state}, 3.2.1).
 *
 * <p>Every problem with peer input surfaces as a {@link io.openwinrm.psrp.PsrpException} whose
 * {@link io.openwinrm.psrp.PsrpError} tells the caller how to react; nothing else escapes a decoder.
 */
package io.openwinrm.psrp;
