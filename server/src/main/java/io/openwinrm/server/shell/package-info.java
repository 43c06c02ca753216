/**
 * WinRS shells ([MS-WSMV] 3.1.4.5 Create, 3.1.4.6 Delete, 3.1.4.11 Command): {@link io.openwinrm.server.shell.ShellManager}
 * owns every open {@link io.openwinrm.server.shell.Shell}, enforces the Winrs quotas, isolates owners from each other
 * and reclaims idle shells. A shell outlives its client connections and can be disconnected and taken over again
 * ([MS-WSMV] 3.1.4.15 Disconnect, 3.1.4.16 Reconnect, 3.1.4.17 Connect): see {@link io.openwinrm.server.shell.ShellState}
 * for the lifecycle. The typed {@link io.openwinrm.server.shell.ShellException}s of this package are mapped to
 * SOAP faults in one place, {@code io.openwinrm.server.dispatch.FaultMapper}. Besides cmd shells (a process per
 * command) a shell can be an OpenWinRM login shell ({@link io.openwinrm.server.shell.ShellSpec#stateful()}: one
 * interpreter for all its commands) or give each command a pseudo-terminal ({@link
 * io.openwinrm.server.shell.ShellSpec#terminal()}).
 *
 * <p>No XML, SOAP or Netty here: plain Java types in, plain Java types out (the one protocol type used is the plain
 * enum {@code io.openwinrm.protocol.shell.BufferMode}).
 */
package io.openwinrm.server.shell;
