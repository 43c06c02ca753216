/**
 * One {@link io.openwinrm.server.dispatch.ActionHandler} per operation of the cmd shell resource
 * ({@code http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd}, [MS-WSMV] 3.1.4.5–3.1.4.17, including
 * Disconnect, Reconnect and Connect) and Get / Enumerate of shells (3.1.4.2.1, 3.1.4.8), the same operations on
 * OpenWinRM's login shell resource ({@code http://schemas.openwinrm.io/wbem/wsman/1/shell/login}: a stateful
 * interpreter, or pseudo-terminals with the Create option {@code OPENWINRM_PTY}): each parses
 * what it needs from the decoded request, calls the shell layer, and builds the response record.
 */
package io.openwinrm.server.handler;
