package io.openwinrm.cli;

import io.openwinrm.cli.config.ClientConfigFile;
import io.openwinrm.cli.config.ConfigException;
import io.openwinrm.client.TrustedHosts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code openwinrm trustedhosts get|set|add|remove}: the hosts this client agrees to authenticate to over plain HTTP,
 * where their identity cannot be verified (PowerShell's TrustedHosts). Stored in {@code HOME/client.toml}.
 */
@Command(name = "trustedhosts", mixinStandardHelpOptions = true,
        description = "Show or change the hosts trusted without HTTPS (TrustedHosts).",
        subcommands = {TrustedHostsCommand.Get.class, TrustedHostsCommand.Set.class, TrustedHostsCommand.Add.class,
                TrustedHostsCommand.Remove.class})
final class TrustedHostsCommand {

    private TrustedHostsCommand() {
    }

    static Path file(HomeOption home) {
        return home.resolve().clientFile();
    }

    static TrustedHosts load(HomeOption home) {
        try {
            return ClientConfigFile.trustedHosts(file(home));
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
    }

    static TrustedHosts parse(List<String> entries) {
        try {
            return TrustedHosts.of(entries);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }

    static int store(HomeOption home, TrustedHosts hosts) {
        try {
            home.resolve().ensureExists();
            ClientConfigFile.writeTrustedHosts(file(home), hosts);
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, "cannot write " + file(home) + ": " + e.getMessage());
        }
        System.out.println(hosts.patterns().isEmpty() ? "(no trusted hosts)" : hosts.toString());
        return ExitCodes.OK;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the list.")
    static final class Get implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Override
        public Integer call() {
            load(home).patterns().forEach(System.out::println);
            return ExitCodes.OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Replace the list (no entries: clear it).")
    static final class Set implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Parameters(arity = "0..*", paramLabel = "HOST", description = "Host names or addresses; * is a wildcard.")
        List<String> entries = List.of();

        @Override
        public Integer call() {
            return store(home, parse(entries));
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add entries.")
    static final class Add implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Parameters(arity = "1..*", paramLabel = "HOST", description = "Host names or addresses; * is a wildcard.")
        List<String> entries;

        @Override
        public Integer call() {
            return store(home, load(home).plus(parse(entries).patterns()));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove entries.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Parameters(arity = "1..*", paramLabel = "HOST", description = "Entries exactly as listed.")
        List<String> entries;

        @Override
        public Integer call() {
            return store(home, load(home).minus(entries));
        }
    }
}
