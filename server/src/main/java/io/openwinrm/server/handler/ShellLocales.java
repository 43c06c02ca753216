package io.openwinrm.server.handler;

import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.shell.Shell;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The {@code w:Locale} and {@code p:DataLocale} of each shell's Create request, which {@code rsp:Locale} and
 * {@code rsp:DataLocale} report ([MS-WSMV] 2.2.4.37; 3.1.4.1.10-11), {@value #DEFAULT} when the client named none
 * (the locale of the recorded Windows servers). Protocol-level facts about a shell that the shell itself does not
 * use; held weakly, so that a closed shell's entry goes with it. Thread-safe.
 */
final class ShellLocales {

    /** The service's locale when the client names none. */
    static final String DEFAULT = "en-US";

    /** The locales one Create asked for. */
    record Locales(String locale, String dataLocale) {
    }

    private final Map<Shell, Locales> byShell = Collections.synchronizedMap(new WeakHashMap<>());

    /** Records what {@code ctx}, the shell's Create, asked for. */
    void created(Shell shell, RequestContext ctx) {
        String locale = orDefault(ctx.header().locale(), DEFAULT);
        byShell.put(shell, new Locales(locale, orDefault(ctx.header().dataLocale(), locale)));
    }

    /** The shell's locales; the defaults for a shell created otherwise (a test, a privileged side). */
    Locales of(Shell shell) {
        Locales l = byShell.get(shell);
        return l != null ? l : new Locales(DEFAULT, DEFAULT);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
