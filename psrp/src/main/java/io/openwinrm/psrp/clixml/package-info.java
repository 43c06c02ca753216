/**
 * CLIXML, PowerShell's object serialization ([MS-PSRP] 2.2.5): an immutable value model ({@link
 * io.openwinrm.psrp.clixml.PsValue} and its records), {@link io.openwinrm.psrp.clixml.ClixmlWriter} and the
 * bounded StAX {@link io.openwinrm.psrp.clixml.ClixmlReader}, and the {@code _xHHHH_} string escaping
 * ({@link io.openwinrm.psrp.clixml.ClixmlEscaping}, 2.2.5.3.2).
 *
 * <p>Element names are those of the {@code http://schemas.microsoft.com/powershell/2004/04} namespace, which
 * PSRP messages never declare: the reader ignores namespaces and the writer emits none.
 */
package io.openwinrm.psrp.clixml;
