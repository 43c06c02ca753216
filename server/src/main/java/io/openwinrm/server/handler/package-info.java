/**
 * One {@link io.openwinrm.server.dispatch.ActionHandler} per operation of the cmd shell resource
 * ({@code http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd}, [MS-WSMV] 3.1.4.5–3.1.4.17, including
 * Disconnect, Reconnect and Connect) and Get / Enumerate of shells (3.1.4.2.1, 3.1.4.8): each parses
 * what it needs from the decoded request, calls the shell layer, and builds the response record.
 */
package io.openwinrm.server.handler;
