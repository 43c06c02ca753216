package io.openwinrm.policy.restrict;

import java.util.Objects;

/**
 * A role capability file that cannot be used. The message is one line naming the file and the key, e.g.
 * {@code ops.toml: command[1].flag[2].pattern: must start with '^' and end with '$'}, so that a configuration
 * validator can print it as is (anchors.md §4.1 {@code Test-PSSessionConfigurationFile}).
 */
public final class InvalidRoleFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String key;
    private final String problem;

    /**
     * @param file    the file as named to the parser
     * @param key     dotted key path with 1-based array indexes, or empty for the file as a whole
     * @param problem what is wrong, without the file and key
     */
    public InvalidRoleFileException(String file, String key, String problem) {
        super(key.isEmpty() ? file + ": " + problem : file + ": " + key + ": " + problem);
        this.file = Objects.requireNonNull(file, "file");
        this.key = key;
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The file as named to the parser. */
    public String file() {
        return file;
    }

    /** The dotted key path, e.g. {@code command[1].program}; empty for the file as a whole. */
    public String key() {
        return key;
    }

    /** What is wrong, one line. */
    public String problem() {
        return problem;
    }
}
