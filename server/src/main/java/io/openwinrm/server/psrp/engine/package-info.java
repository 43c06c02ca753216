/**
 * The seam between the WS-Man layer of PowerShell shells ([MS-WSMV] 3.1.4 as [MS-PSRP] 3.1.5/3.2.5 uses it) and
 * what serves a runspace pool: an engine gets PSRP fragment bytes ([MS-PSRP] 2.2.4) exactly as the client sent them
 * and hands back fragment bytes for Receive. Engines: a bridge to {@code pwsh -s} (out-of-process framing, no
 * re-serialization) and the native restricted engine (JEA's NoLanguage analog, in Java).
 */
package io.openwinrm.server.psrp.engine;
