package io.openwinrm.server.shell;

import io.openwinrm.server.identity.OsIdentity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The clean login environment of an account, as login(1) would set it: what its commands start with. */
public final class AccountEnvironment {

    private AccountEnvironment() {
    }

    /**
     * HOME, USER, LOGNAME, SHELL, a standard PATH (with the sbin directories for root) and LANG=C.UTF-8.
     *
     * @param loginShell the account's login shell as the launcher judges it
     */
    public static Map<String, String> of(OsIdentity account, Path loginShell) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", account.home().toString());
        env.put("USER", account.name());
        env.put("LOGNAME", account.name());
        env.put("SHELL", loginShell.toString());
        env.put("PATH", account.isRoot() ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
                : "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        return Map.copyOf(env);
    }
}
