package io.openwinrm.cli;

import io.openwinrm.cli.copy.CopyPath;
import io.openwinrm.cli.copy.Progress;
import io.openwinrm.cli.copy.RemoteFiles;
import io.openwinrm.cli.copy.Transfers;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.ShellOptions;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.WinRmFaultException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code openwinrm copy} — Copy-Item {@code -ToSession}/{@code -FromSession} in scp's syntax: files and, with
 * {@code -r}, directories, to or from a host's POSIX shell over WinRS (any OpenWinRM host). Every file is verified
 * end to end with SHA-256 and appears under its final name only when complete (a temporary name in the same
 * directory, then a rename), on both sides. See {@link RemoteFiles} for what runs on the host.
 */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Copy files to or from a host (scp syntax).",
                "  openwinrm copy [-r] [-p] SRC... HOST:DEST     upload",
                "  openwinrm copy [-r] [-p] HOST:SRC... DEST     download",
                "  openwinrm copy -c HOST SRC... :DEST           HOST as invoke -c takes it (URLs too)",
                "  openwinrm copy --session NAME :SRC... DEST    through a persistent session ('session new')",
                "Files are verified with SHA-256 and never left half-written under their final name."})
final class CopyCommand implements Callable<Integer> {

    @Option(names = "-r", description = "Copy directories recursively.")
    boolean recursive;

    @Option(names = "-p", description = "Keep modes and modification times.")
    boolean preserve;

    @Option(names = {"-c", "--computer-name"}, paramLabel = "HOST", description = "The host (name, name:port or URL); "
            + "remote paths are then written :PATH.")
    String host;

    @Option(names = {"--endpoint", "--configuration-name"}, paramLabel = "NAME", description = "Endpoint (session "
            + "configuration) on the host; it must offer a POSIX shell.")
    String endpointName;

    @Option(names = "--session", paramLabel = "NAME", description = "Copy through the persistent session NAME "
            + "('session new'; Copy-Item -ToSession/-FromSession): its host, its shell (left open); remote paths are "
            + "written :PATH. The other parts of a large file go through temporary shells on the same host.")
    String session;

    @Option(names = "--quiet", description = "No progress display (there is none when stderr is not a terminal).")
    boolean quiet;

    @Mixin
    ClientOptions client;

    @Parameters(arity = "2..*", paramLabel = "PATH", description = "Sources, then the destination.")
    List<String> paths;

    @Override
    public Integer call() {
        if (session != null && host != null) {
            throw new CliException(ExitCodes.USAGE, "--session names the host: give -c or --session, not both");
        }
        boolean hostGiven = host != null || session != null;
        List<CopyPath> parsed = new ArrayList<>();
        for (String p : paths) {
            parsed.add(CopyPath.parse(p, hostGiven));
        }
        CopyPath dest = parsed.get(parsed.size() - 1);
        List<CopyPath> sources = parsed.subList(0, parsed.size() - 1);
        boolean upload = dest.remote();
        for (CopyPath s : sources) {
            if (s.remote() == upload) {
                throw new CliException(ExitCodes.USAGE, "copy either local files to a host or a host's files here: '"
                        + s.text() + "' and '" + dest.text() + "' are both " + (upload ? "remote" : "local"));
            }
        }
        if (session != null) {
            return throughSession(sources, dest, upload);
        }
        String hostName = host;
        for (CopyPath p : parsed) {
            if (p.host().isPresent()) {
                if (hostName != null && !hostName.equals(p.host().get())) {
                    throw new CliException(ExitCodes.USAGE, "one host per copy: '" + hostName + "' and '"
                            + p.host().get() + "'");
                }
                hostName = p.host().get();
            }
        }
        if (hostName == null) {
            throw new CliException(ExitCodes.USAGE, "no host: write HOST:PATH, or -c HOST and :PATH");
        }
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(hostName, client.http);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "invalid host '" + hostName + "': " + e.getMessage());
        }
        WinRmClient winrm = client.buildClient();
        ShellOptions options = ShellOptions.DEFAULT;
        if (endpointName != null) {
            options = options.withEndpoint(EndpointNames.valid(endpointName));
        }
        ShellOptions shellOptions = options;
        try (Shell shell = winrm.openShell(endpoint, options)) {
            return transfer(shell, () -> winrm.openShell(endpoint, shellOptions), sources, dest, upload);
        }
    }

    /** Through a persistent session's shell, which stays open (and attached to no one) afterwards. */
    private int throughSession(List<CopyPath> sources, CopyPath dest, boolean upload) {
        SessionHandle h = SessionCommand.winRs(SessionCommand.store(client), session,
                "copy needs a WinRS shell session ('session new NAME -c HOST')");
        WinRmClient winrm = client.buildClient();
        Shell shell = winrm.attachShell(h.endpoint(), h.shellId());
        try {
            return transfer(shell, () -> winrm.openShell(h.endpoint()), sources, dest, upload);
        } catch (WinRmFaultException e) {
            throw SessionCommand.explain(e, h);
        } finally {
            shell.detach();
        }
    }

    private int transfer(Shell shell, Supplier<Shell> moreShells, List<CopyPath> sources, CopyPath dest,
            boolean upload) {
        Progress progress = Progress.forTerminal(!quiet);
        try (RemoteFiles remote = new RemoteFiles(shell, moreShells, progress)) {
            Transfers transfers = new Transfers(remote, recursive, preserve);
            int failures = 0;
            if (upload) {
                boolean intoDirectory = sources.size() > 1 || remote.isDirectory(dest.path());
                for (CopyPath s : sources) {
                    failures += transfers.upload(Path.of(s.path()), dest.path(), intoDirectory);
                }
            } else {
                Path target = Path.of(dest.path());
                boolean intoDirectory = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || sources.size() > 1;
                if (sources.size() > 1 && !Files.isDirectory(target)) {
                    throw new CliException(ExitCodes.USAGE, dest.path() + " is not a directory (several sources)");
                }
                for (CopyPath s : sources) {
                    failures += transfers.download(s.path(), target, intoDirectory);
                }
            }
            return failures == 0 ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
        } finally {
            progress.finish();
        }
    }
}
