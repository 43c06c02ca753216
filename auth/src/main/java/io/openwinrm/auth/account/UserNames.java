package io.openwinrm.auth.account;

/** Rules for account names: 1 to 64 characters, no {@code ':'} (RFC 7617 separator), whitespace or controls. */
public final class UserNames {

    public static final int MAX_LENGTH = 64;

    private UserNames() {
    }

    /** Returns {@code name} if valid, else throws {@link IllegalArgumentException} saying why. */
    public static String requireValid(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "user name must not be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "user name longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ':') {
                return "user name must not contain ':'";
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return "user name must not contain whitespace";
            }
            if (Character.isISOControl(c)) {
                return "user name must not contain control characters";
            }
        }
        return null;
    }
}
