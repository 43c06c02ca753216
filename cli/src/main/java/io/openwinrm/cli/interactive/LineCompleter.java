package io.openwinrm.cli.interactive;

import java.util.List;

/** Completions for the word at the cursor of a line being typed, asked on Tab ({@link LineSource#completeWith}). */
@FunctionalInterface
public interface LineCompleter {

    /** Each candidate's text replaces {@code length} characters of the line from {@code from}. */
    record Completions(int from, int length, List<Candidate> candidates) {
        public static final Completions NONE = new Completions(0, 0, List.of());

        public Completions {
            candidates = List.copyOf(candidates);
        }
    }

    /** A replacement text, how a list of candidates shows it, and a description (or empty). */
    record Candidate(String text, String display, String description) {
    }

    /** What fits at {@code cursor} in {@code line}; {@link Completions#NONE} when nothing does. */
    Completions complete(String line, int cursor);
}
