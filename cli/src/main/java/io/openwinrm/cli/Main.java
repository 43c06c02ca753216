package io.openwinrm.cli;

import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.client.WinRmTransportException;
import io.openwinrm.common.ProductInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine;

/** Entry point of the {@code openwinrm} command. */
@Command(name = "openwinrm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "PowerShell-Remoting-style remote management over WinRM / WS-Management.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a remote command failed (several hosts)", "2:usage error",
                "3:connection or TLS failure", "4:authentication refused", "5:configuration error",
                "70:internal error", "n:invoke on one host exits with the remote exit code"})
public final class Main {

    /**
     * The subcommands, in the order {@code openwinrm --help} lists them. Not in the {@code @Command} annotation: picocli
     * builds the model of every subcommand it is given (reflection over all their options), which a one-shot client
     * command would pay for on every start; {@link #commandLine(String...)} registers only the one a command line
     * names.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ServeCommand.class, InvokeCommand.class,
            CopyCommand.class, VersionCommand.class, UserCommand.class, TrustedHostsCommand.class,
            SessionCommand.class, EnterCommand.class, DemoCommand.class, EnableCommand.class, DisableCommand.class,
            ConfigCommand.class, EndpointCommand.class, CommandLine.HelpCommand.class);

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && "serve".equals(args[0])) {
            io.openwinrm.cli.logging.Logging.defaultLevel(org.slf4j.event.Level.INFO);
        }
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this). */
    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /** The whole command model, every subcommand registered: what {@code --help}, man pages and completion see. */
    public static CommandLine commandLine() {
        return configure(withSubcommands(new CommandLine(Main.class), SUBCOMMANDS));
    }

    /**
     * The command model {@code args} needs: when the first argument names a subcommand (other than {@code help}, which
     * describes the others), only that one is registered; otherwise all of them. Parsing and errors are the same as
     * with {@link #commandLine()}, since picocli reads a command line from the subcommand it names on.
     */
    static CommandLine commandLine(String... args) {
        if (args.length > 0) {
            for (Class<?> c : SUBCOMMANDS) {
                if (c != CommandLine.HelpCommand.class && names(c).contains(args[0])) {
                    return configure(withSubcommands(new CommandLine(Main.class), List.of(c)));
                }
            }
        }
        return commandLine();
    }

    private static List<String> names(Class<?> subcommand) {
        Command c = subcommand.getAnnotation(Command.class);
        List<String> names = new ArrayList<>(List.of(c.aliases()));
        names.add(c.name());
        return names;
    }

    private static CommandLine withSubcommands(CommandLine cl, List<Class<?>> subcommands) {
        for (Class<?> c : subcommands) {
            cl.addSubcommand(c);
        }
        return cl;
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler(new ErrorReporter());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // no picocli @-files: '-c @hosts.txt' is invoke's host list (HostList), not a file of arguments
        cl.setExpandAtFiles(false);
        return cl;
    }

    /** Turns every error into one line on stderr and a meaningful exit code; stack traces only with --debug. */
    static final class ErrorReporter implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
            PrintWriter err = cl.getErr();
            int code;
            String message;
            if (ex instanceof CliException c) {
                code = c.exitCode();
                message = c.getMessage();
            } else if (ex instanceof WinRmAuthenticationException) {
                code = ExitCodes.AUTH;
                message = ex.getMessage();
            } else if (ex instanceof WinRmTransportException) {
                code = ExitCodes.CONNECTION;
                message = ex.getMessage();
            } else if (ex instanceof WinRmFaultException f) {
                code = ExitCodes.REMOTE_FAILURE;
                message = "the service answered with a fault: " + f.getMessage();
            } else {
                code = ExitCodes.INTERNAL;
                message = "internal error: " + ex;
            }
            err.println("openwinrm: " + message);
            if (System.getenv("OPENWINRM_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        }
    }

    /** {@code --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {ProductInfo.PRODUCT + " " + ProductInfo.version()};
        }
    }
}
