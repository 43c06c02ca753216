package io.openwinrm.server.psrp.restricted;

import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.identity.OsIdentity;
import io.openwinrm.server.psrp.engine.EngineContext;
import io.openwinrm.server.shell.AccountEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where and with what the programs of one restricted runspace start: as a WinRS restricted shell's commands do,
 * the run-as account's clean login environment (HOME, USER, LOGNAME, SHELL, a standard PATH, LANG) and its home as
 * working directory; as the server's own account, a minimal environment and the server's home. Nothing comes from
 * the client. The sandbox's variables ({@code KRB5CCNAME}) go on top. Programs run with no-new-privileges.
 */
record LaunchEnvironment(Path cwd, Map<String, String> env) {

    LaunchEnvironment {
        env = Map.copyOf(env);
    }

    static LaunchEnvironment of(EngineContext context) {
        ProcessLauncher launcher = context.launcher();
        Map<String, String> env = new LinkedHashMap<>();
        Path cwd;
        if (context.shell().runAs().isPresent()) {
            OsIdentity os = context.shell().runAs().get();
            env.putAll(AccountEnvironment.of(os, launcher.loginShell(os.name())));
            cwd = os.home();
        } else {
            Map<String, String> server = System.getenv();
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            for (String name : List.of("HOME", "USER", "LOGNAME")) {
                if (server.get(name) != null) {
                    env.put(name, server.get(name));
                }
            }
            env.put("LANG", "C.UTF-8");
            cwd = Path.of(System.getProperty("user.home", "/"));
        }
        if (!cwd.isAbsolute() || !Files.isDirectory(cwd)) {
            cwd = Path.of("/");
        }
        env.putAll(context.shell().sandbox().environment());
        return new LaunchEnvironment(cwd, env);
    }

    /** The launch of {@code argv} as the shell's account, in its sandbox, without new privileges. */
    LaunchSpec launch(EngineContext context, List<String> argv) {
        return new LaunchSpec(argv, cwd, env, context.shell().runAs(), context.shell().sandbox(), true);
    }
}
