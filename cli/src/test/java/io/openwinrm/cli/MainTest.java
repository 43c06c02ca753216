package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link Main#commandLine(String...)} registers only the subcommand a command line names (so a one-shot command does
 * not build the model of all the others): what it prints and how it fails must be exactly what the whole model does.
 */
class MainTest {

    @Test
    void aNamedSubcommandAloneIsRegistered() {
        CommandLine cl = Main.commandLine("invoke", "-c", "h", "--", "true");
        assertThat(cl.getSubcommands()).containsOnlyKeys("invoke");
        assertThat(Main.commandLine("--help").getSubcommands()).containsKeys("serve", "invoke", "help")
                .hasSameSizeAs(Main.commandLine().getSubcommands());
        assertThat(Main.commandLine("help", "invoke").getSubcommands())
                .hasSameSizeAs(Main.commandLine().getSubcommands());
        assertThat(Main.commandLine("no-such-command").getSubcommands())
                .hasSameSizeAs(Main.commandLine().getSubcommands());
        assertThat(Main.commandLine().getSubcommands().keySet()).startsWith("serve", "invoke", "copy", "version");
    }

    @Test
    void helpAndErrorsAreThoseOfTheWholeModel() {
        List<List<String>> lines = new ArrayList<>();
        for (String name : Main.commandLine().getSubcommands().keySet()) {
            lines.add(List.of(name, "--help"));
            lines.add(List.of(name, "--no-such-option"));
        }
        lines.add(List.of("session", "list", "--help"));
        lines.add(List.of("endpoint", "show"));
        lines.add(List.of("invoke", "-c"));
        lines.add(List.of("no-such-command"));
        lines.add(List.of("--help"));
        for (List<String> args : lines) {
            String[] a = args.toArray(String[]::new);
            assertThat(execute(Main.commandLine(a), a)).as(String.join(" ", args))
                    .isEqualTo(execute(Main.commandLine(), a));
        }
    }

    private static String execute(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return code + "\n" + out + "\n--- stderr\n" + err;
    }
}
