package io.openwinrm.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page in troff ({@code man(7)} macros) written from picocli's model of a command: the page of the top command
 * lists its subcommands, the page of a subcommand documents it and, in sections of their own, its own subcommands
 * ({@code openwinrm user add}, ...). Nothing here is written by hand, so the pages follow every option and description
 * as {@code --help} shows them.
 */
public final class ManPage {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(DEFAULT-VALUE|COMPLETION-CANDIDATES)}");

    private final String version;
    private final String date;
    private final StringBuilder out = new StringBuilder();

    /**
     * @param version the version shown in the page footer
     * @param date    the date shown in the page footer (YYYY-MM-DD)
     */
    public ManPage(String version, String date) {
        this.version = version;
        this.date = date;
    }

    /** The page name of a command: {@code openwinrm} for the top command, {@code openwinrm-invoke} for a subcommand. */
    public static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** Subcommands that get a page or a section: every one but the hidden ones and picocli's {@code help}. */
    public static List<CommandSpec> documented(CommandSpec spec) {
        List<CommandSpec> result = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (!e.getKey().equals(sub.name()) || sub.usageMessage().hidden()
                    || sub.userObject() instanceof CommandLine.HelpCommand || result.contains(sub)) {
                continue;   // aliases, hidden commands and picocli's built-in help
            }
            result.add(sub);
        }
        return result;
    }

    /**
     * The whole page of the top command.
     *
     * @param sections further sections after EXIT STATUS (FILES, ENVIRONMENT): title to entries, each entry a term,
     *                 a tab and its text
     */
    public String top(CommandSpec spec, Map<String, List<String>> sections) {
        header(spec);
        synopsis(spec);
        description(spec);
        line(".PP");
        line("Each command is described in a page of its own, \\fBopenwinrm\\-\\fICOMMAND\\fR(1), and by "
                + "\\fBopenwinrm \\fICOMMAND\\fB \\-\\-help\\fR.");
        options(spec, ".SH");
        List<CommandSpec> subs = documented(spec);
        if (!subs.isEmpty()) {
            line(".SH COMMANDS");
            for (CommandSpec sub : subs) {
                line(".TP");
                line("\\fB" + escape(sub.name()) + "\\fR");
                line(escapeText(summary(sub)) + " See \\fB" + escape(pageName(sub)) + "\\fR(1).");
            }
        }
        exitCodes(spec);
        for (Map.Entry<String, List<String>> section : sections.entrySet()) {
            line(".SH " + section.getKey());
            for (String entry : section.getValue()) {
                int tab = entry.indexOf('\t');
                line(".TP");
                line("\\fI" + escape(entry.substring(0, tab)) + "\\fR");
                line(escapeText(entry.substring(tab + 1)));
            }
        }
        seeAlso(subs.stream().map(ManPage::pageName).toList());
        return out.toString();
    }

    /** The whole page of a subcommand, its own subcommands in sections of their own. */
    public String sub(CommandSpec spec) {
        header(spec);
        synopsis(spec);
        description(spec);
        arguments(spec, ".SH");
        options(spec, ".SH");
        for (CommandSpec nested : documented(spec)) {
            line(".SH \"" + escape(nested.qualifiedName(" ").toUpperCase(java.util.Locale.ROOT)) + "\"");
            synopsisBlock(nested);
            for (String p : paragraphs(nested.usageMessage().description())) {
                line(".PP");
                line(escapeText(p));
            }
            arguments(nested, ".SS");
            options(nested, ".SS");
            for (CommandSpec deeper : documented(nested)) {
                // no command nests three levels today; should one, its options still show in its --help
                line(".PP");
                line("\\fB" + escape(deeper.qualifiedName(" ")) + "\\fR: " + escapeText(summary(deeper)));
            }
        }
        exitCodes(spec);
        List<String> see = new ArrayList<>();
        see.add(pageName(spec.root()));
        seeAlso(see);
        return out.toString();
    }

    private void header(CommandSpec spec) {
        String name = pageName(spec);
        line(".\\\" Generated at build time from the picocli model of " + spec.root().name() + " " + version
                + "; do not edit.");
        line(".TH " + escape(name.toUpperCase(java.util.Locale.ROOT)) + " 1 \"" + date + "\" \"OpenWinRM "
                + escape(version) + "\" \"OpenWinRM Manual\"");
        line(".nh");   // no hyphenation: command names, options and paths stay whole
        line(".ad l");
        line(".SH NAME");
        line(escape(name) + " \\- " + escapeText(whatis(summary(spec))));
    }

    private void synopsis(CommandSpec spec) {
        line(".SH SYNOPSIS");
        synopsisBlock(spec);
    }

    private void synopsisBlock(CommandSpec spec) {
        Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        String text = help.synopsis(0).stripTrailing();
        String command = spec.qualifiedName(" ");
        line(".nf");
        for (String l : text.split("\n")) {
            String s = escape(l);
            String c = escape(command);
            // the command in bold, the rest as picocli lays it out
            line(s.startsWith(c) ? "\\fB" + c + "\\fR" + s.substring(c.length()) : s);
        }
        line(".fi");
    }

    private void description(CommandSpec spec) {
        List<String> paragraphs = paragraphs(spec.usageMessage().description());
        if (paragraphs.isEmpty()) {
            return;
        }
        line(".SH DESCRIPTION");
        boolean first = true;
        for (String p : paragraphs) {
            if (!first) {
                line(".PP");
            }
            line(escapeText(p));
            first = false;
        }
    }

    private void arguments(CommandSpec spec, String heading) {
        List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (params.isEmpty()) {
            return;
        }
        line(heading + " ARGUMENTS");
        for (PositionalParamSpec p : params) {
            line(".TP");
            String label = p.paramLabel();
            boolean many = p.arity().max() > 1;
            line("\\fI" + escape(label) + "\\fR" + (many ? "..." : ""));
            line(escapeText(text(p)));
        }
    }

    private void options(CommandSpec spec, String heading) {
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (options.isEmpty()) {
            return;
        }
        line(heading + " OPTIONS");
        for (OptionSpec o : options) {
            line(".TP");
            StringBuilder names = new StringBuilder();
            for (String n : o.names()) {
                if (names.length() > 0) {
                    names.append(", ");
                }
                names.append("\\fB").append(escape(n)).append("\\fR");
            }
            if (o.arity().max() > 0 && !o.paramLabel().isEmpty()) {
                names.append(o.arity().min() == 0 ? "[=" : "=").append("\\fI").append(escape(o.paramLabel()))
                        .append("\\fR").append(o.arity().min() == 0 ? "]" : "");
            }
            line(names.toString());
            String t = text(o);
            line(t.isEmpty() ? "\\&" : escapeText(t));
        }
    }

    private void exitCodes(CommandSpec spec) {
        Map<String, String> codes = spec.usageMessage().exitCodeList();
        if (codes.isEmpty()) {
            return;
        }
        line(".SH \"EXIT STATUS\"");
        for (Map.Entry<String, String> e : codes.entrySet()) {
            line(".TP");
            line("\\fB" + escape(e.getKey().strip()) + "\\fR");
            line(escapeText(e.getValue().strip()));
        }
    }

    private void seeAlso(List<String> pages) {
        if (pages.isEmpty()) {
            return;
        }
        line(".SH \"SEE ALSO\"");
        List<String> refs = pages.stream().map(p -> "\\fB" + escape(p) + "\\fR(1)").toList();
        line(String.join(",\n", refs));
    }

    /** The first description line with picocli's variables rendered (for NAME and the command list). */
    static String summary(CommandSpec spec) {
        List<String> p = paragraphs(spec.usageMessage().description());
        return p.isEmpty() ? spec.name() : p.get(0);
    }

    /** NAME wants one short phrase: the text up to the first sentence or colon, without the final period. */
    static String whatis(String summary) {
        String s = summary.strip();
        for (String stop : new String[] {". ", ": ", "; "}) {
            int i = s.indexOf(stop);
            if (i >= 10) {
                s = s.substring(0, i);
            }
        }
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String text(ArgSpec arg) {
        return String.join(" ", paragraphs(render(arg, arg.description()))).strip();
    }

    private static String[] render(ArgSpec arg, String[] description) {
        String[] result = new String[description.length];
        for (int i = 0; i < description.length; i++) {
            Matcher m = VARIABLE.matcher(description[i]);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String value;
                if (m.group(1).equals("DEFAULT-VALUE")) {
                    value = String.valueOf(arg.defaultValueString());
                } else {
                    List<String> candidates = new ArrayList<>();
                    if (arg.completionCandidates() != null) {
                        arg.completionCandidates().forEach(candidates::add);
                    }
                    value = String.join(", ", candidates);
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            result[i] = sb.toString();
        }
        return result;
    }

    /** Description lines as paragraphs: picocli's {@code %n} breaks a line, {@code %%} is a percent sign. */
    static List<String> paragraphs(String[] lines) {
        List<String> result = new ArrayList<>();
        for (String l : lines) {
            for (String p : l.replace("%n", "\n").replace("%%", "%").split("\n")) {
                if (!p.isBlank()) {
                    result.add(p.strip());
                }
            }
        }
        return result;
    }

    /** Escapes a word or line for troff: backslashes, and hyphens as minus signs (options, command names). */
    static String escape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }

    /**
     * Escapes running text: backslashes; hyphens starting an option ({@code --home}) become minus signs so they
     * can be searched and copied; a line may not start with a control character.
     */
    static String escapeText(String s) {
        String e = s.replace("\\", "\\e");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            boolean optionDash = c == '-' && (i == 0 || " ([/'\"=,".indexOf(e.charAt(i - 1)) >= 0
                    || (e.charAt(i - 1) == '-' && sb.toString().endsWith("\\-")));
            sb.append(optionDash ? "\\-" : String.valueOf(c));
        }
        String r = sb.toString();
        return r.startsWith(".") || r.startsWith("'") ? "\\&" + r : r;
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
