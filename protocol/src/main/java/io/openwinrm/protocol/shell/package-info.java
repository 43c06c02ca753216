/**
 * Windows Remote Shell (WinRS) messages: Create, Command, Send, Receive, Signal, Delete, Disconnect,
 * Reconnect, Connect and Identify, as immutable records ([MS-WSMV] 3.1.4.5 - 3.1.4.17, 2.2.4.x).
 */
package io.openwinrm.protocol.shell;
