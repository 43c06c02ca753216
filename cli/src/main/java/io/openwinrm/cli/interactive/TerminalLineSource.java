package io.openwinrm.cli.interactive;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * Lines typed on the local terminal, with JLine's line editing and a history kept in a file. Ctrl-C at the prompt
 * clears the line; while a command runs, the terminal is in its normal mode and Ctrl-C (SIGINT) runs the action
 * given to {@link #onInterrupt} instead of ending this process.
 */
public final class TerminalLineSource implements LineSource {

    private final Terminal terminal;
    private final LineReader reader;
    private final AtomicReference<Runnable> interrupt = new AtomicReference<>();
    private final AtomicReference<LineCompleter> completer = new AtomicReference<>();

    /** @param historyFile where the history is loaded from and saved to, or null for none */
    public TerminalLineSource(Terminal terminal, Path historyFile) {
        this.terminal = terminal;
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("openwinrm")
                // lines go to a remote shell as typed: no "!" history expansion, no backslash processing
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .completer(this::complete);
        if (historyFile != null) {
            b.variable(LineReader.HISTORY_FILE, historyFile);
        }
        this.reader = b.build();
        // outside readLine (which installs its own) SIGINT goes to the running command, never ends the process
        terminal.handle(Terminal.Signal.INT, s -> {
            Runnable r = interrupt.get();
            if (r != null) {
                r.run();
            }
        });
    }

    @Override
    public String readLine(String prompt) {
        while (true) {
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException e) {
                // Ctrl-C at the prompt: drop the line, prompt again
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    @Override
    public void completeWith(LineCompleter c) {
        completer.set(c);
    }

    /** JLine's Tab: the completer's candidates, as replacements of the word JLine's parser sees at the cursor. */
    private void complete(LineReader r, ParsedLine line, List<Candidate> out) {
        LineCompleter c = completer.get();
        if (c == null) {
            return;
        }
        LineCompleter.Completions found;
        try {
            found = c.complete(line.line(), line.cursor());
        } catch (RuntimeException e) {
            return; // no completion rather than a broken prompt (the host gone, a timeout)
        }
        int wordStart = line.cursor() - line.wordCursor();
        int wordEnd = wordStart + line.word().length();
        for (LineCompleter.Candidate k : found.candidates()) {
            String value = wordValue(line.line(), wordStart, wordEnd, found.from(), found.length(), k.text());
            if (value != null) {
                out.add(new Candidate(value, k.display(), null, k.description().isEmpty() ? null : k.description(),
                        null, null, true));
            }
        }
    }

    /**
     * The word {@code [wordStart, wordEnd)} of {@code line} after {@code text} replaced {@code length} characters
     * from {@code from}; null when that range is not inside the word (JLine replaces whole words).
     */
    static String wordValue(String line, int wordStart, int wordEnd, int from, int length, String text) {
        if (from < wordStart || from > wordEnd || length < 0) {
            return null;
        }
        return line.substring(wordStart, from) + text + (from + length < wordEnd ? line.substring(from + length,
                wordEnd) : "");
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void onInterrupt(Runnable action) {
        interrupt.set(action);
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (java.io.IOException e) {
            terminal.writer().println("openwinrm: cannot save the history: " + e.getMessage());
        }
        terminal.writer().flush();
    }
}
