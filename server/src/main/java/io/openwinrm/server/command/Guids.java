package io.openwinrm.server.command;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Shell and command identifiers: uppercase GUIDs without braces, as Windows writes them in ShellId and CommandId
 * ([MS-WSMV] 2.2.4.37, 2.2.4.8).
 */
public final class Guids {

    private static final Pattern GUID =
            Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

    private Guids() {
    }

    /** A fresh random identifier. */
    public static String random() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    /** Whether {@code text} is a GUID in 8-4-4-4-12 hex form, any case, without braces. */
    public static boolean isValid(String text) {
        return text != null && GUID.matcher(text).matches();
    }

    /** The canonical (uppercase) form of a valid GUID. */
    public static String canonical(String text) {
        return text.toUpperCase(Locale.ROOT);
    }
}
