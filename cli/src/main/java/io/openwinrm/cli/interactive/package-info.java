/**
 * {@code openwinrm enter} (Enter-PSSession) on OpenWinRM's stateful login-shell resource: a line session (prompt,
 * line editing and history with JLine, or plain lines from a pipe) in which each line is one WinRS Command run by the
 * same remote interpreter, and a terminal session that forwards a raw local terminal to a remote PTY
 * ([MS-WSMV] 3.1.4.11–3.1.4.14 with the OpenWinRM PTY options).
 */
package io.openwinrm.cli.interactive;
