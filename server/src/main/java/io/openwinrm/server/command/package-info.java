/**
 * Command runtime of a WinRS shell: the {@link io.openwinrm.server.command.ProcessLauncher} SPI that starts
 * operating-system processes, and {@link io.openwinrm.server.command.RunningCommand}, which pumps a process's output
 * into bounded buffers, serves long-poll receives, writes stdin and delivers signals
 * ([MS-WSMV] 3.1.4.11 Command, 3.1.4.12 Signal, 3.1.4.13 Send, 3.1.4.14 Receive).
 *
 * <p>This package knows nothing of XML, SOAP or Netty: everything is plain Java types. Back-pressure is end to end:
 * a client that stops receiving fills the output buffer, which stops the pump, which fills the pipe, which blocks
 * the child process.
 *
 * <p>OpenWinRM extensions (not in [MS-WSMV]): the launcher can also run a command under a pseudo-terminal
 * ({@link io.openwinrm.server.command.TerminalSpec}, resized with the {@link io.openwinrm.server.command.WindowSize}
 * signal) and start a long-lived {@link io.openwinrm.server.command.Interpreter} that runs every command of a
 * stateful login shell in itself; both hand back an ordinary {@link io.openwinrm.server.command.LaunchedProcess}, so
 * buffering, receive, stdin and signals work unchanged.
 */
package io.openwinrm.server.command;
