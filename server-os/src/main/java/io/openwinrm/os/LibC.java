package io.openwinrm.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few libc functions the launcher needs, bound with JNA direct interface mapping. */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    /** errno: no such process or process group. */
    int ESRCH = 3;

    /** kill(2); a negative {@code pid} addresses the process group {@code -pid}. */
    int kill(int pid, int signal) throws LastErrorException;
}
