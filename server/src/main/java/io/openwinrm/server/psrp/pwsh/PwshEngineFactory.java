package io.openwinrm.server.psrp.pwsh;

import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.identity.OsIdentity;
import io.openwinrm.server.psrp.engine.EngineContext;
import io.openwinrm.server.psrp.engine.EngineOutput;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import io.openwinrm.server.psrp.engine.RunspacePoolEngine;
import io.openwinrm.server.psrp.engine.RunspacePoolEngineFactory;
import io.openwinrm.server.shell.AccountEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens runspace pools of kind powershell endpoints: one {@code pwsh -NoLogo -NoProfile -s} per pool, started by the
 * context's launcher as the shell's account in its sandbox (on a privilege-separated server, by the monitor), in the
 * account's home with its clean login environment. The executable is the endpoint's {@code pwsh} setting, else the
 * first {@code pwsh} on {@link #SEARCH_PATH}.
 */
public final class PwshEngineFactory implements RunspacePoolEngineFactory {

    /** Where {@code pwsh} is looked for when the endpoint names none (Microsoft's packages install here). */
    public static final List<Path> SEARCH_PATH = List.of(Path.of("/usr/local/bin"), Path.of("/usr/bin"),
            Path.of("/bin"), Path.of("/opt/microsoft/powershell/7"), Path.of("/snap/bin"));

    /** The switches: no banner, no profile (its output would land in the framing), server mode. */
    public static final List<String> SWITCHES = List.of("-NoLogo", "-NoProfile", "-s");

    @Override
    public RunspacePoolEngine open(EngineContext context, EngineOutput output) throws PsrpEngineException {
        Path pwsh = context.shell().endpoint().pwsh().or(PwshEngineFactory::find).orElseThrow(() ->
                new PsrpEngineException("pwsh (PowerShell 7) is not installed: not found in " + SEARCH_PATH));
        if (!Files.exists(pwsh)) {
            throw new PsrpEngineException("pwsh cannot be run: " + pwsh + " does not exist");
        }
        List<String> argv = new ArrayList<>();
        argv.add(pwsh.toString());
        argv.addAll(SWITCHES);
        Optional<OsIdentity> account = context.shell().runAs();
        LaunchSpec spec = new LaunchSpec(argv, workingDirectory(account), environment(context, account), account,
                context.shell().sandbox(), false);
        LaunchedProcess process;
        try {
            process = context.launcher().launch(spec);
        } catch (NoSuchFileException e) {
            throw new PsrpEngineException("pwsh cannot be run: " + pwsh + " does not exist or is not executable");
        } catch (IOException e) {
            throw new PsrpEngineException("pwsh could not be started: " + e.getMessage(), e);
        }
        PwshEngine engine = new PwshEngine(context.poolId(), process, output);
        engine.start();
        return engine;
    }

    /** The first {@code pwsh} in {@link #SEARCH_PATH}, if any: what {@code enable} registers. */
    public static Optional<Path> find() {
        return SEARCH_PATH.stream().map(d -> d.resolve("pwsh")).filter(Files::isExecutable).findFirst();
    }

    private static Path workingDirectory(Optional<OsIdentity> account) {
        Path home = account.map(OsIdentity::home).orElseGet(() -> Path.of(System.getProperty("user.home", "/")));
        return Files.isDirectory(home) ? home : Path.of("/");
    }

    private static Map<String, String> environment(EngineContext context, Optional<OsIdentity> account) {
        if (account.isPresent()) {
            return AccountEnvironment.of(account.get(), context.launcher().loginShell(account.get().name()));
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        for (String name : List.of("HOME", "USER", "LOGNAME")) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("LANG", "C.UTF-8");
        return env;
    }
}
