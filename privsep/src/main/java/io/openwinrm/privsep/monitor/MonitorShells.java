package io.openwinrm.privsep.monitor;

import io.openwinrm.os.ExportedDescriptors;
import io.openwinrm.os.LocalProcessLauncher;
import io.openwinrm.policy.access.AccessDecision;
import io.openwinrm.policy.restrict.Decision;
import io.openwinrm.privsep.wire.MonitorMessage.Account;
import io.openwinrm.privsep.wire.MonitorMessage.Answer;
import io.openwinrm.privsep.wire.MonitorMessage.CanEnter;
import io.openwinrm.privsep.wire.MonitorMessage.CloseShell;
import io.openwinrm.privsep.wire.MonitorMessage.DestroyProcess;
import io.openwinrm.privsep.wire.MonitorMessage.Exited;
import io.openwinrm.privsep.wire.MonitorMessage.Failed;
import io.openwinrm.privsep.wire.MonitorMessage.Failure;
import io.openwinrm.privsep.wire.MonitorMessage.KillAll;
import io.openwinrm.privsep.wire.MonitorMessage.Launch;
import io.openwinrm.privsep.wire.MonitorMessage.Launched;
import io.openwinrm.privsep.wire.MonitorMessage.Ok;
import io.openwinrm.privsep.wire.MonitorMessage.OpenShell;
import io.openwinrm.privsep.wire.MonitorMessage.Reply;
import io.openwinrm.privsep.wire.MonitorMessage.RunInInterpreter;
import io.openwinrm.privsep.wire.MonitorMessage.SandboxState;
import io.openwinrm.privsep.wire.MonitorMessage.SandboxStatus;
import io.openwinrm.privsep.wire.MonitorMessage.ShellOpened;
import io.openwinrm.privsep.wire.MonitorMessage.SignalProcess;
import io.openwinrm.privsep.wire.MonitorMessage.StartInterpreter;
import io.openwinrm.privsep.wire.MonitorMessage.Transcript;
import io.openwinrm.privsep.wire.MonitorMessage;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.AccessDeniedException;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.audit.LocalTranscriptFiles;
import io.openwinrm.server.audit.TranscriptFiles;
import io.openwinrm.server.command.Interpreter;
import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessSignal;
import io.openwinrm.server.command.TerminalSpec;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointKind;
import io.openwinrm.server.identity.OsIdentity;
import io.openwinrm.server.psrp.pwsh.PwshEngineFactory;
import io.openwinrm.server.shell.AccountEnvironment;
import io.openwinrm.server.shell.EndpointUnavailableException;
import io.openwinrm.server.shell.LoaderVariables;
import io.openwinrm.server.shell.ShellContext;
import io.openwinrm.server.shell.ShellContextFactory;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's shells and processes. It opens a shell only for a session it authenticated, decides the endpoint's
 * access list itself, and takes the account to run as, the sandbox and the command policy from its own endpoint
 * configuration — never from the request. Every launch is judged again here: on a restricted endpoint the argv must
 * be exactly what the caller's roles allow and the environment is the account's own; elsewhere loader variables are
 * refused where the account is not the caller's; the working directory must be one the account can enter. What it
 * starts it hands over as descriptors, and reports each exit as an {@link Exited} event. Thread-safe.
 */
final class MonitorShells {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorShells.class);
    private static final Pattern SHELL_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final int MAX_SHELLS = 100_000;

    /** What a monitor-side request handler returns: the reply and the descriptors that go with it. */
    record Answered(Reply reply, int[] fds, Runnable afterSend) {
        Answered(Reply reply) {
            this(reply, new int[0], () -> { });
        }
    }

    private record MonitorShell(String handle, Caller caller, ShellContext context, Object transcriptLock,
                                TranscriptFiles.TranscriptFile[] transcript) {
    }

    private record Running(String shell, LaunchedProcess process, Interpreter interpreter) {
    }

    /**
     * How many exited processes keep their handle. A handle outlives its process so that DestroyProcess after the
     * exit (the network side aborting a finished command when its shell closes) still kills what the command left
     * in its process group, as the one-process server does, instead of being refused as unknown; it goes with
     * DestroyProcess, with its shell, or when this many later exits have pushed it out.
     */
    private static final int KEPT_EXITED = 1024;

    private final MonitorAuth auth;
    private final AccessControl access;
    private final ShellContextFactory contexts;
    private final LocalProcessLauncher launcher;
    private final TranscriptFiles transcripts;
    private final Consumer<Exited> exits;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, MonitorShell> shells = new ConcurrentHashMap<>();
    private final Map<String, Running> processes = new ConcurrentHashMap<>();
    /** Exited processes whose handles are kept, oldest first (bounded by {@link #KEPT_EXITED}). */
    private final java.util.ArrayDeque<String> exited = new java.util.ArrayDeque<>();

    MonitorShells(MonitorAuth auth, AccessControl access, LocalProcessLauncher launcher, Consumer<Exited> exits) {
        this.auth = auth;
        this.access = access;
        this.launcher = launcher;
        this.contexts = new ShellContextFactory(access.callers(), launcher, access.temporaryAccounts(),
                access.hideOtherUsersProcesses());
        this.transcripts = new LocalTranscriptFiles(access.callers().accounts().self().uid());
        this.exits = exits;
    }

    Answered open(OpenShell request) {
        Optional<MonitorAuth.Session> session = auth.session(request.session());
        if (session.isEmpty()) {
            return refused(request.id(), Failure.NOT_FOUND, "no such session: the monitor never authenticated it");
        }
        if (shells.size() >= MAX_SHELLS) {
            return refused(request.id(), Failure.UNAVAILABLE, "too many shells");
        }
        String user = session.get().user();
        try {
            Caller caller = access.callers().resolve(user);
            Endpoint endpoint = access.endpoints().named(request.endpoint()).orElse(null);
            if (endpoint == null) {
                return refused(request.id(), Failure.NOT_FOUND, "no endpoint " + request.endpoint());
            }
            AccessDecision decision = endpoint.access().check(caller.subject());
            if (!decision.allowed()) {
                return refused(request.id(), Failure.ACCESS_DENIED, "the endpoint " + endpoint.name()
                        + " does not admit " + user + " (" + decision.reason() + ")");
            }
            ShellContext context = contexts.create(caller, endpoint, request.clientAddress(),
                    session.get().delegated());
            String handle = handle("h-");
            shells.put(handle, new MonitorShell(handle, caller, context, new Object(),
                    new TranscriptFiles.TranscriptFile[1]));
            LOG.info("monitor: shell {} of {} on {} runs as {}", handle, user, endpoint.name(),
                    context.runAs().map(OsIdentity::name).orElse(access.callers().accounts().self().name()));
            return new Answered(new ShellOpened(request.id(), handle, context.runAs().map(MonitorShells::account),
                    context.roles()));
        } catch (AccessDeniedException e) {
            return refused(request.id(), Failure.ACCESS_DENIED, e.getMessage());
        } catch (EndpointUnavailableException e) {
            return refused(request.id(), Failure.UNAVAILABLE, e.getMessage());
        }
    }

    /** The monitor's decision on Create, Connect and Reconnect, with its endpoints as they are now. */
    Answered decideAccess(MonitorMessage.DecideAccess request) {
        Optional<MonitorAuth.Session> session = auth.session(request.session());
        if (session.isEmpty()) {
            return refused(request.id(), Failure.NOT_FOUND, "no such session: the monitor never authenticated it");
        }
        try {
            Caller caller = access.callers().resolve(session.get().user());
            Optional<Endpoint> endpoint = access.endpoints().named(request.endpoint());
            if (endpoint.isEmpty()) {
                return new Answered(new MonitorMessage.AccessDecided(request.id(), false, "the endpoint "
                        + request.endpoint() + " is not registered"));
            }
            AccessDecision d = endpoint.get().access().check(caller.subject());
            return new Answered(new MonitorMessage.AccessDecided(request.id(), d.allowed(), d.reason()));
        } catch (AccessDeniedException e) {
            return new Answered(new MonitorMessage.AccessDecided(request.id(), false, e.getMessage()));
        }
    }

    Answered close(CloseShell request) {
        MonitorShell shell = shells.remove(request.shell());
        if (shell == null) {
            return refused(request.id(), Failure.NOT_FOUND, "no such shell");
        }
        release(shell);
        return new Answered(new Ok(request.id()));
    }

    /** Closes every shell (the network side is gone). */
    void closeAll() {
        for (String handle : List.copyOf(shells.keySet())) {
            MonitorShell shell = shells.remove(handle);
            if (shell != null) {
                release(shell);
            }
        }
    }

    private void release(MonitorShell shell) {
        processes.entrySet().removeIf(e -> {
            if (!e.getValue().shell().equals(shell.handle())) {
                return false;
            }
            if (e.getValue().interpreter() != null) {
                e.getValue().interpreter().destroy();
            } else {
                e.getValue().process().destroyGroup();
            }
            return true;
        });
        shell.context().release().run();
        synchronized (shell.transcriptLock()) {
            if (shell.transcript()[0] != null) {
                try {
                    shell.transcript()[0].close();
                } catch (IOException e) {
                    LOG.error("cannot close a transcript: {}", e.getMessage());
                }
            }
        }
    }

    Answered canEnter(CanEnter request) {
        MonitorShell shell = shells.get(request.shell());
        if (shell == null) {
            return refused(request.id(), Failure.NOT_FOUND, "no such shell");
        }
        Optional<Path> path = absolute(request.path());
        return new Answered(new Answer(request.id(), path.isPresent()
                && launcher.canEnter(shell.context().runAs(), shell.context().sandbox(), path.get())));
    }

    Answered launch(Launch request) {
        MonitorShell shell = shells.get(request.shell());
        if (shell == null) {
            return refused(request.id(), Failure.NOT_FOUND, "no such shell");
        }
        ShellContext context = shell.context();
        Optional<Answered> problem = judge(request.id(), shell, request.argv(), request.env(), request.cwd());
        if (problem.isPresent()) {
            return problem.get();
        }
        if (request.terminal().isPresent() && context.restricted()) {
            return refused(request.id(), Failure.ACCESS_DENIED, "a restricted endpoint has no terminal");
        }
        LaunchSpec spec = spec(shell, request.argv(), request.env(), request.cwd());
        try {
            LaunchedProcess process;
            if (request.terminal().isPresent()) {
                var t = request.terminal().get();
                if (!t.term().chars().allMatch(c -> c > 0x20 && c < 0x7f) || !TerminalSpec.validSize(t.columns())
                        || !TerminalSpec.validSize(t.rows())) {
                    return refused(request.id(), Failure.INVALID, "bad terminal " + t);
                }
                process = launcher.launchInTerminal(spec, new TerminalSpec(t.term(), t.columns(), t.rows()));
            } else {
                process = launcher.launch(spec);
            }
            return exported(request.id(), shell, process, null);
        } catch (NoSuchFileException e) {
            return refused(request.id(), Failure.NO_SUCH_PROGRAM, request.argv().get(0));
        } catch (IOException | RuntimeException e) {
            return refused(request.id(), Failure.FAILED, e.getMessage());
        }
    }

    Answered startInterpreter(StartInterpreter request) {
        MonitorShell shell = shells.get(request.shell());
        if (shell == null) {
            return refused(request.id(), Failure.NOT_FOUND, "no such shell");
        }
        if (shell.context().endpoint().kind() != EndpointKind.LOGIN) {
            return refused(request.id(), Failure.ACCESS_DENIED, "only a login endpoint has an interpreter");
        }
        Optional<Answered> problem = judge(request.id(), shell, request.argv(), request.env(), request.cwd());
        if (problem.isPresent()) {
            return problem.get();
        }
        try {
            Interpreter interpreter = launcher.startInterpreter(spec(shell, request.argv(), request.env(),
                    request.cwd()));
            String handle = handle("p-");
            processes.put(handle, new Running(shell.handle(), null, interpreter));
            interpreter.onExit().thenAccept(code -> exited(handle, code));
            return new Answered(new Launched(request.id(), handle, interpreter.pid()));
        } catch (IOException | RuntimeException e) {
            return refused(request.id(), Failure.FAILED, e.getMessage());
        }
    }

    Answered runInInterpreter(RunInInterpreter request) {
        Running running = processes.get(request.interpreter());
        if (running == null || running.interpreter() == null) {
            return refused(request.id(), Failure.NOT_FOUND, "no such interpreter");
        }
        MonitorShell shell = shells.get(running.shell());
        if (shell == null) {
            return refused(request.id(), Failure.NOT_FOUND, "no such shell");
        }
        try {
            return exported(request.id(), shell, running.interpreter().run(request.commandLine()), null);
        } catch (IOException | RuntimeException e) {
            return refused(request.id(), Failure.FAILED, e.getMessage());
        }
    }

    Answered signal(SignalProcess request) {
        Running running = processes.get(request.process());
        if (running == null || running.process() == null) {
            return refused(request.id(), Failure.NOT_FOUND, "no such process");
        }
        ProcessSignal signal;
        try {
            signal = ProcessSignal.valueOf(request.signal());
        } catch (IllegalArgumentException e) {
            return refused(request.id(), Failure.INVALID, "no signal " + request.signal());
        }
        running.process().signalGroup(signal);
        return new Answered(new Ok(request.id()));
    }

    Answered destroy(DestroyProcess request) {
        Running running = processes.remove(request.process());
        if (running == null) {
            return refused(request.id(), Failure.NOT_FOUND, "no such process");
        }
        if (running.interpreter() != null) {
            running.interpreter().destroy();
        } else {
            running.process().destroyGroup();
        }
        return new Answered(new Ok(request.id()));
    }

    Answered status(SandboxStatus request) {
        MonitorShell shell = shells.get(request.shell());
        if (shell == null) {
            return refused(request.id(), Failure.NOT_FOUND, "no such shell");
        }
        return new Answered(new SandboxState(request.id(), shell.context().sandbox().limitEvents(),
                shell.context().sandbox().limitHit()));
    }

    Answered killAll(KillAll request) {
        MonitorShell shell = shells.get(request.shell());
        if (shell == null) {
            return refused(request.id(), Failure.NOT_FOUND, "no such shell");
        }
        shell.context().sandbox().killAll();
        return new Answered(new Ok(request.id()));
    }

    Answered transcript(Transcript request) {
        MonitorShell shell = shells.get(request.shell());
        if (shell == null) {
            return refused(request.id(), Failure.NOT_FOUND, "no such shell");
        }
        Optional<Path> dir = shell.context().endpoint().transcripts();
        if (dir.isEmpty()) {
            return refused(request.id(), Failure.INVALID, "the endpoint keeps no transcripts");
        }
        if (!SHELL_ID.matcher(request.shellId()).matches()) {
            return refused(request.id(), Failure.INVALID, "not a ShellId");
        }
        synchronized (shell.transcriptLock()) {
            if (shell.transcript()[0] == null) {
                shell.transcript()[0] = transcripts.open(dir.get(), new TranscriptFiles.ShellTranscript(
                        shell.caller().account(), request.shellId(), Instant.now(), null)).orElse(null);
            }
            if (shell.transcript()[0] == null) {
                return refused(request.id(), Failure.UNAVAILABLE, "no transcript can be written");
            }
            try {
                shell.transcript()[0].write(request.text());
            } catch (IOException e) {
                return refused(request.id(), Failure.FAILED, e.getMessage());
            }
        }
        return new Answered(new Ok(request.id()));
    }

    /** Why a launch must not happen, judged as if the network side had decided nothing. */
    private Optional<Answered> judge(long id, MonitorShell shell, List<String> argv, Map<String, String> env,
                                     String cwd) {
        ShellContext context = shell.context();
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            return Optional.of(refused(id, Failure.INVALID, "an empty argv"));
        }
        for (String name : env.keySet()) {
            if (name.isEmpty() || name.indexOf('=') >= 0) {
                return Optional.of(refused(id, Failure.INVALID, "a bad variable name"));
            }
        }
        if (context.restricted()) {
            Decision decision = context.policy().orElseThrow().decide(argv);
            if (!(decision instanceof Decision.Allowed allowed) || !allowed.argv().equals(argv)) {
                return Optional.of(refused(id, Failure.ACCESS_DENIED, "the roles of " + shell.caller().account()
                        + " do not allow " + argv + (decision instanceof Decision.Refused r ? ": " + r.reason()
                        : "")));
            }
        }
        if (context.endpoint().kind() == EndpointKind.POWERSHELL && !argv.equals(pwshArgv(context))) {
            return Optional.of(refused(id, Failure.ACCESS_DENIED, "a powershell endpoint runs only "
                    + pwshArgv(context)));
        }
        try {
            LoaderVariables.refuseForOtherAccount(env, context);
        } catch (AccessDeniedException e) {
            return Optional.of(refused(id, Failure.ACCESS_DENIED, e.getMessage()));
        }
        Optional<Path> dir = absolute(cwd);
        if (dir.isEmpty() || !launcher.canEnter(context.runAs(), context.sandbox(), dir.get())) {
            return Optional.of(refused(id, Failure.FAILED, "cannot enter " + cwd + " as "
                    + context.runAs().map(OsIdentity::name).orElse("the server")));
        }
        return Optional.empty();
    }

    /** The only process a powershell endpoint's shell may start: its pwsh in server mode. */
    private static List<String> pwshArgv(ShellContext context) {
        List<String> argv = new ArrayList<>();
        argv.add(context.endpoint().pwsh().or(PwshEngineFactory::find).map(Path::toString).orElse("pwsh"));
        argv.addAll(PwshEngineFactory.SWITCHES);
        return argv;
    }

    /** The spec the monitor starts: identity, sandbox and (restricted) environment are its own. */
    private LaunchSpec spec(MonitorShell shell, List<String> argv, Map<String, String> env, String cwd) {
        ShellContext context = shell.context();
        Map<String, String> environment = env;
        if (context.restricted()) {
            environment = context.runAs().map(a -> AccountEnvironment.of(a, launcher.loginShell(a.name())))
                    .orElse(Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8"));
        }
        return new LaunchSpec(argv, Path.of(cwd), new LinkedHashMap<>(environment), context.runAs(),
                context.sandbox(), context.restricted());
    }

    /** Reports an exit and keeps the handle a while ({@link #KEPT_EXITED}). */
    private void exited(String handle, int code) {
        synchronized (exited) {
            exited.addLast(handle);
            while (exited.size() > KEPT_EXITED) {
                processes.remove(exited.removeFirst());
            }
        }
        exits.accept(new Exited(handle, code));
    }

    private Answered exported(long id, MonitorShell shell, LaunchedProcess process, Interpreter interpreter) {
        String handle = handle("p-");
        processes.put(handle, new Running(shell.handle(), process, interpreter));
        process.onExit().thenAccept(code -> exited(handle, code));
        if (!(process instanceof ExportedDescriptors exported)) {
            process.destroyGroup();
            return refused(id, Failure.FAILED, "the launcher cannot hand over " + process);
        }
        return new Answered(new Launched(id, handle, process.pid()), exported.descriptors(),
                exported::releaseDescriptors);
    }

    private Answered refused(long id, Failure kind, String message) {
        LOG.warn("monitor refused a request: {} ({})", message, kind);
        return new Answered(new Failed(id, kind, message));
    }

    private String handle(String prefix) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    private static Optional<Path> absolute(String path) {
        try {
            Path p = Path.of(path);
            return p.isAbsolute() ? Optional.of(p.normalize()) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    static Account account(OsIdentity a) {
        return new Account(a.name(), a.uid(), a.gid(), a.groupIds(), a.groupNames(), a.home().toString(),
                a.shell().toString());
    }
}
