package io.openwinrm.fuzz;

/**
 * What the targets treat as a finding besides an exception escaping a parser: a documented rejection that merely
 * wraps a programming error. Parsers that turn every {@link RuntimeException} into their typed error (the SOAP codec
 * turns them into a SchemaValidation fault) would otherwise hide a {@code NullPointerException} or an index error
 * from the fuzzer.
 */
final class Findings {

    private Findings() {
    }

    /** Throws if {@code rejection}, or anything in its cause chain, is a programming error. */
    static void requireNoBugInside(Throwable rejection) {
        for (Throwable t = rejection.getCause(); t != null; t = t.getCause()) {
            if (isBug(t)) {
                throw new AssertionError("a parser bug surfaced as the documented rejection "
                        + rejection.getClass().getSimpleName() + ": " + rejection.getMessage(), t);
            }
            if (t.getCause() == t) {
                return;
            }
        }
    }

    /** The unchecked exceptions no parser may throw on purpose. */
    static boolean isBug(Throwable t) {
        return t instanceof NullPointerException
                || t instanceof IndexOutOfBoundsException
                || t instanceof ClassCastException
                || t instanceof IllegalStateException
                || t instanceof ArithmeticException
                || t instanceof NegativeArraySizeException
                || t instanceof ArrayStoreException
                || t instanceof UnsupportedOperationException
                || t instanceof Error;
    }
}
