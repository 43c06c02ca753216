/**
 * Operating-system side of the server. {@link io.openwinrm.os.LocalProcessLauncher} starts each command as the
 * leader of its own session and process group (through util-linux {@code setsid}) and signals the whole group with
 * {@code kill(-pgid, sig)} through JNA's libc binding, so that terminate and shell deletion reach every process a
 * command spawned; a command can run as another account (util-linux {@code setpriv}: uid, gid, exactly its groups,
 * optionally no new privileges) and inside a shell's {@link io.openwinrm.os.LinuxSandbox} (a control group, v1 or
 * v2, enforcing MaxProcessesPerShell and MaxMemoryPerShellMB, [MS-WSMV] 2.2.4.42). {@link io.openwinrm.os.PtyMaster}
 * and {@link io.openwinrm.os.PtyProcess} run commands under pseudo-terminals (the new session leader opens the
 * slave); {@link io.openwinrm.os.LocalInterpreter} runs the commands of a stateful login shell in one interpreter
 * over per-command FIFOs. {@link io.openwinrm.os.PosixAccounts} reads the passwd and group databases through NSS,
 * {@link io.openwinrm.os.LinuxTemporaryAccounts} makes and removes JEA-style temporary accounts, and
 * {@link io.openwinrm.os.LoginShells} picks login shells.
 */
package io.openwinrm.os;
