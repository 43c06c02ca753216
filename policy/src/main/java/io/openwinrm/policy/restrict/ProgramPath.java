package io.openwinrm.policy.restrict;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks for program paths in their POSIX string form, the form both role files and argv[0] use. A program is
 * named by one exact absolute path so that the allowlist cannot be reached through {@code ..}, {@code .},
 * doubled or trailing slashes (anchors.md §4.2: {@code VisibleExternalCommands} take full paths only).
 */
final class ProgramPath {

    private ProgramPath() {
    }

    /**
     * Why {@code text} is not an absolute, normalized path, or empty when it is.
     *
     * @param text the path as written, never null
     */
    static Optional<String> problem(String text) {
        if (text.isEmpty()) {
            return Optional.of("is empty");
        }
        Optional<String> forbidden = ArgumentText.forbiddenCharacter(text);
        if (forbidden.isPresent()) {
            return Optional.of("contains " + forbidden.get());
        }
        if (text.charAt(0) != '/') {
            return Optional.of("is not an absolute path");
        }
        if (text.length() == 1) {
            return Optional.of("names the root directory, not a program");
        }
        if (text.endsWith("/")) {
            return Optional.of("ends with '/'");
        }
        if (text.contains("//")) {
            return Optional.of("contains '//'");
        }
        if (text.indexOf('\\') >= 0) {
            return Optional.of("contains '\\'");
        }
        for (String segment : text.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("contains a '" + segment + "' segment");
            }
        }
        return Optional.empty();
    }

    /**
     * The path of a checked program string.
     *
     * @throws IllegalArgumentException if {@link #problem(String)} finds one
     */
    static Path of(String text) {
        problem(text).ifPresent(p -> {
            throw new IllegalArgumentException("program path " + ArgumentText.quote(text) + " " + p);
        });
        return Path.of(text);
    }

    /** The POSIX string of an already checked program path. */
    static String text(Path program) {
        return program.toString();
    }

    /** The last segment: {@code systemctl} for {@code /usr/bin/systemctl}. */
    static String fileName(String text) {
        return text.substring(text.lastIndexOf('/') + 1);
    }
}
