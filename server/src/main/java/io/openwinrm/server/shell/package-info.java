/**
 * WinRS shells ([MS-WSMV] 3.1.4.5 Create, 3.1.4.6 Delete, 3.1.4.11 Command): {@link io.openwinrm.server.shell.ShellManager}
 * owns every open {@link io.openwinrm.server.shell.Shell}, enforces the Winrs quotas, isolates owners from each other
 * and reclaims idle shells. The typed {@link io.openwinrm.server.shell.ShellException}s of this package are mapped to
 * SOAP faults in one place, {@code io.openwinrm.server.dispatch.FaultMapper}.
 *
 * <p>No XML, SOAP or Netty here: plain Java types in, plain Java types out.
 */
package io.openwinrm.server.shell;
