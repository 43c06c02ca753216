package io.openwinrm.server.command;

import io.openwinrm.server.shell.UnsupportedCodepageException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;

/**
 * A Windows console codepage ({@code WINRS_CODEPAGE} option, [MS-WSMV] 2.2.4.37) and the Java charset it maps to.
 * Bytes pass through unchanged whatever the client asks for, as Windows passes a process's pipe bytes; only where an
 * endpoint asks for it ({@code transcode_codepage}) is output transcoded UTF-8 → codepage and stdin codepage → UTF-8.
 *
 * @param id      the Windows codepage number
 * @param charset the equivalent Java charset
 */
public record Codepage(int id, Charset charset) {

    /** UTF-8, the default: bytes pass through untouched. */
    public static final Codepage UTF_8 = new Codepage(65001, StandardCharsets.UTF_8);

    private static final Map<Integer, String> CHARSETS = Map.ofEntries(
            Map.entry(437, "IBM437"),
            Map.entry(850, "IBM850"),
            Map.entry(852, "IBM852"),
            Map.entry(858, "IBM00858"),
            Map.entry(866, "IBM866"),
            Map.entry(1250, "windows-1250"),
            Map.entry(1251, "windows-1251"),
            Map.entry(1252, "windows-1252"),
            Map.entry(28591, "ISO-8859-1"),
            Map.entry(28605, "ISO-8859-15"),
            Map.entry(20127, "US-ASCII"),
            Map.entry(65001, "UTF-8"));

    /**
     * @throws UnsupportedCodepageException if {@code id} is not known or this JVM lacks the charset
     */
    public static Codepage of(int id) {
        String name = CHARSETS.get(id);
        if (name == null) {
            throw new UnsupportedCodepageException(id);
        }
        if (id == 65001) {
            return UTF_8;
        }
        try {
            return new Codepage(id, Charset.forName(name));
        } catch (UnsupportedCharsetException e) {
            throw new UnsupportedCodepageException(id);
        }
    }

    public boolean isUtf8() {
        return id == 65001;
    }
}
