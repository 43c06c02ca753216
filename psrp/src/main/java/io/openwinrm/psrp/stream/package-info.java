/**
 * The records a pipeline streams besides output ([MS-PSRP] 2.2.3.15 ErrorRecord, 2.2.3.16 InformationalRecord,
 * 2.2.3.25 ProgressRecord, 2.2.3.34 InformationRecord) as typed records, each with {@code toPsObject()} in the shape
 * PowerShell writes and a lenient {@code from(PsObject)} that tolerates the extra members Windows adds.
 */
package io.openwinrm.psrp.stream;
