package io.openwinrm.common;

import com.sun.security.auth.module.UnixSystem;

/**
 * Who this process runs as, by user id. The account name is not the test: {@code user.name} is whatever the password
 * database calls uid 0 (a second uid-0 account such as {@code toor} is root too), and a name says nothing about
 * privileges. Through the JDK's own {@link UnixSystem} (a small JNI call, no JNA), so a client command can ask
 * without loading the native-access library.
 */
public final class ProcessUser {

    private ProcessUser() {
    }

    /** Whether this process's user id is 0. */
    public static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }
}
