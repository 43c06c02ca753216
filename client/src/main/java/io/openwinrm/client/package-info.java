/**
 * The OpenWinRM client API: an immutable, shareable {@link io.openwinrm.client.WinRmClient} built with a
 * {@link io.openwinrm.client.WinRmClient.Builder}, {@link io.openwinrm.client.Shell} and
 * {@link io.openwinrm.client.Command} handles that are {@link java.lang.AutoCloseable}, and the one-line facade
 * {@link io.openwinrm.client.WinRmClient#run(Endpoint, String)}. Speaks WinRM's cmd shell ([MS-WSMV] 3.1.4.5–3.1.4.14)
 * to OpenWinRM servers and to Windows hosts, and OpenWinRM's stateful login shell, optionally under a pseudo-terminal
 * ({@link io.openwinrm.client.ShellOptions#withLoginShell()}, {@link io.openwinrm.client.ShellOptions#withPty}).
 */
package io.openwinrm.client;
