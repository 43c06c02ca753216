/**
 * Operating-system side of the server: {@link io.openwinrm.os.LocalProcessLauncher} starts each command as the
 * leader of its own session and process group (through util-linux {@code setsid}) and signals the whole group with
 * {@code kill(-pgid, sig)} through JNA's libc binding, so that terminate and shell deletion reach every process a
 * command spawned. {@link io.openwinrm.os.PtyMaster} and {@link io.openwinrm.os.PtyProcess} run commands
 * under pseudo-terminals (the new session leader opens the slave); {@link io.openwinrm.os.LocalInterpreter} runs
 * the commands of a stateful login shell in one interpreter over per-command FIFOs;
 * {@link io.openwinrm.os.LoginShells} reads the passwd database.
 */
package io.openwinrm.os;
