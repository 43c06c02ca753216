package io.openwinrm.server.shell;

import io.openwinrm.server.command.Codepage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a shell's commands are told of the client's console code page ({@code WINRS_CODEPAGE}, [MS-WSMV] 2.2.4.37):
 * {@value #VARIABLE} always, and for 65001 (UTF-8) a UTF-8 locale where the account's own is not one. The client's
 * {@code rsp:Environment} is applied after this and may override it.
 */
final class CodepageEnvironment {

    /** The variable that carries the code page number. */
    static final String VARIABLE = "OPENWINRM_CODEPAGE";

    private CodepageEnvironment() {
    }

    /** The variables to add to {@code base} (the account's environment) for {@code codepage}. */
    static Map<String, String> of(Codepage codepage, Map<String, String> base) {
        Map<String, String> add = new LinkedHashMap<>();
        add.put(VARIABLE, Integer.toString(codepage.id()));
        if (codepage.isUtf8() && !isUtf8Locale(base.get("LANG"))) {
            add.put("LANG", "C.UTF-8");
        }
        return add;
    }

    private static boolean isUtf8Locale(String lang) {
        if (lang == null) {
            return false;
        }
        String l = lang.toLowerCase(Locale.ROOT);
        return l.endsWith(".utf-8") || l.endsWith(".utf8") || l.contains(".utf-8@") || l.contains(".utf8@");
    }
}
