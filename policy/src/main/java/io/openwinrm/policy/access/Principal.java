package io.openwinrm.policy.access;

import java.util.Locale;
import java.util.Objects;

/**
 * One entry of an access list or a role definition, written {@code user:NAME}, {@code group:NAME},
 * {@code administrators} or {@code everyone} (the SDDL trustees of a Windows session configuration: a user, a group,
 * BUILTIN\Administrators, Everyone).
 */
public sealed interface Principal {

    /** Whether {@code subject} is this principal. */
    boolean matches(Subject subject);

    /** The written form, as parsed by {@link #parse}. */
    String text();

    /** A named account, compared exactly. */
    record User(String name) implements Principal {
        public User {
            checkName(name);
        }

        @Override
        public boolean matches(Subject subject) {
            return subject.name().equals(name);
        }

        @Override
        public String text() {
            return "user:" + name;
        }
    }

    /** Members of an operating-system group (primary or supplementary). */
    record Group(String name) implements Principal {
        public Group {
            checkName(name);
        }

        @Override
        public boolean matches(Subject subject) {
            return subject.groups().contains(name);
        }

        @Override
        public String text() {
            return "group:" + name;
        }
    }

    /** The host's administrators: uid 0 and the members of {@code sudo} or {@code wheel}. */
    record Administrators() implements Principal {
        @Override
        public boolean matches(Subject subject) {
            return subject.administrator();
        }

        @Override
        public String text() {
            return "administrators";
        }
    }

    /** Every authenticated caller. */
    record Everyone() implements Principal {
        @Override
        public boolean matches(Subject subject) {
            return true;
        }

        @Override
        public String text() {
            return "everyone";
        }
    }

    /**
     * Parses the written form.
     *
     * @throws IllegalArgumentException with a one-line explanation for anything else
     */
    static Principal parse(String text) {
        Objects.requireNonNull(text, "principal");
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("administrators")) {
            return new Administrators();
        }
        if (lower.equals("everyone")) {
            return new Everyone();
        }
        if (lower.startsWith("user:")) {
            return new User(t.substring(5));
        }
        if (lower.startsWith("group:")) {
            return new Group(t.substring(6));
        }
        throw new IllegalArgumentException("'" + text + "' is not a principal: write user:NAME, group:NAME, "
                + "administrators or everyone");
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 256
                || !name.chars().allMatch(c -> c > 0x20 && c != 0x7f && c != ':' && c != ',')) {
            throw new IllegalArgumentException("'" + name + "' is not a valid user or group name");
        }
    }
}
