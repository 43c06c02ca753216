package io.openwinrm.packaging;

/**
 * The Debian version of a Maven version, as jdeb writes it into the package: a pre-release qualifier sorts before
 * the release ({@code 0.1.0-SNAPSHOT} becomes {@code 0.1.0~SNAPSHOT}, {@code 1.0-rc1} becomes {@code 1.0~rc1}). The
 * package test checks that the changelog, the control file and the file name agree.
 */
public final class DebianVersion {

    private DebianVersion() {
    }

    public static String of(String mavenVersion) {
        int dash = mavenVersion.indexOf('-');
        return dash < 0 ? mavenVersion : mavenVersion.substring(0, dash) + "~" + mavenVersion.substring(dash + 1)
                .replace('-', '.');
    }
}
