package io.openwinrm.cli;

import io.openwinrm.cli.setup.ConfigCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code openwinrm config check}: validates the server configuration like {@code sshd -t}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Server configuration tools.",
        subcommands = {ConfigCommand.Check.class})
final class ConfigCommand {

    private ConfigCommand() {
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check the server configuration without starting (like sshd -t): the file and every key, "
                    + "certificate and key readable and matching, account store present and private, listener "
                    + "ports.", "Prints 'configuration OK' (exit 0) or one line per problem (exit 5)."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HomeOption home;

        @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: "
                + "HOME/openwinrm.toml).")
        Path configFile;

        @Override
        public Integer call() {
            StateDirectory dir = home.resolve();
            Path file = configFile != null ? configFile : dir.configFile();
            List<String> problems = ConfigCheck.check(file, dir.root());
            if (problems.isEmpty()) {
                spec.commandLine().getOut().println("configuration OK");
                ConfigCheck.summary(file, dir.root()).forEach(spec.commandLine().getOut()::println);
                return ExitCodes.OK;
            }
            PrintWriter err = spec.commandLine().getErr();
            problems.forEach(p -> err.println("openwinrm: " + p));
            err.flush();
            return ExitCodes.CONFIG;
        }
    }
}
