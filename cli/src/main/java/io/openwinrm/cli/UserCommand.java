package io.openwinrm.cli;

import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.auth.account.AccountStoreException;
import io.openwinrm.auth.account.UserNames;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openwinrm user add|remove|passwd|list}: the server's own account store (used by Basic authentication). */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage the accounts of this server's account store.",
        subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.Passwd.class,
                UserCommand.ListUsers.class})
final class UserCommand {

    private UserCommand() {
    }

    static AccountStore open(HomeOption home) {
        StateDirectory dir = home.resolve();
        try {
            dir.ensureExists();
            return AccountStore.load(ServerPaths.accountsFile(dir));
        } catch (IOException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
    }

    static String validName(String name) {
        if (!UserNames.isValid(name)) {
            throw new CliException(ExitCodes.USAGE, "invalid user name '" + name
                    + "': 1-64 characters, no ':', whitespace or control characters");
        }
        return name;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an account.")
    static final class Add implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Option(names = "--password-stdin", description = "Read the password from standard input.")
        boolean passwordStdin;
        @Parameters(paramLabel = "NAME", description = "Account name.")
        String name;

        @Override
        public Integer call() throws AccountStoreException {
            AccountStore store = open(home);
            validName(name);
            if (store.account(name).isPresent()) {
                throw new CliException(ExitCodes.USAGE, "account '" + name + "' already exists; use 'user passwd'");
            }
            char[] pw = SecretReader.newPassword(passwordStdin, System.in);
            try {
                store.add(name, pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
            System.out.println("added account " + name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an account.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Parameters(paramLabel = "NAME", description = "Account name.")
        String name;

        @Override
        public Integer call() throws AccountStoreException {
            if (!open(home).remove(validName(name))) {
                throw new CliException(ExitCodes.USAGE, "no account '" + name + "'");
            }
            System.out.println("removed account " + name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Change an account's password.")
    static final class Passwd implements Callable<Integer> {
        @Mixin
        HomeOption home;
        @Option(names = "--password-stdin", description = "Read the new password from standard input.")
        boolean passwordStdin;
        @Parameters(paramLabel = "NAME", description = "Account name.")
        String name;

        @Override
        public Integer call() throws AccountStoreException {
            AccountStore store = open(home);
            if (store.account(validName(name)).isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "no account '" + name + "'");
            }
            char[] pw = SecretReader.newPassword(passwordStdin, System.in);
            try {
                store.setPassword(name, pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
            System.out.println("password changed for " + name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Override
        public Integer call() {
            open(home).list().forEach(System.out::println);
            return ExitCodes.OK;
        }
    }
}
