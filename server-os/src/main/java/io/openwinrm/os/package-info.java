/**
 * Operating-system side of the server: {@link io.openwinrm.os.LocalProcessLauncher} starts each command as the
 * leader of its own session and process group (through util-linux {@code setsid}) and signals the whole group with
 * {@code kill(-pgid, sig)} through JNA's libc binding, so that terminate and shell deletion reach every process a
 * command spawned.
 */
package io.openwinrm.os;
