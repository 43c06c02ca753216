/**
 * The OpenWinRM server: {@link io.openwinrm.server.WinRmServer} wires the listeners and authentication (transport
 * module), the WS-Management dispatcher ({@code dispatch}, {@code handler}) and the shell manager ({@code shell},
 * {@code command}) from an immutable {@code config.ServerConfig}.
 */
package io.openwinrm.server;
