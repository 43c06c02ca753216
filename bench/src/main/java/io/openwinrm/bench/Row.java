package io.openwinrm.bench;

/**
 * One line of the result table: the same measure for both servers and their ratio (OpenWinRM / OpenSSH).
 *
 * @param target empty, or {@code "<= x"} / {@code ">= x"} for the ratio
 */
record Row(String measure, String unit, double openssh, double openwinrm, String target) {

    double ratio() {
        return openwinrm / openssh;
    }

    /** "met", "not met" or "" when the row has no target. */
    String verdict() {
        if (target.isEmpty()) {
            return "";
        }
        double limit = Double.parseDouble(target.substring(2).trim());
        boolean met = target.startsWith("<=") ? ratio() <= limit : ratio() >= limit;
        return met ? "met" : "not met";
    }
}
