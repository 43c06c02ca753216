package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.wsman.SelectorSet;

/**
 * A filter of an Enumerate request: {@code n:Filter} (WS-Enumeration 3.1) or {@code w:Filter} (DSP0226 8.3), with
 * its {@code Dialect} attribute and, for the selector dialect (DSP0226 ANNEX E), its {@code w:SelectorSet}; the text
 * of other dialects is not kept.
 *
 * @param wsman     true for {@code w:Filter}, false for {@code n:Filter}
 * @param dialect   the Dialect URI, or null when absent (the default dialect: XPath 1.0 for n:Filter, DSP0226 8.3)
 * @param selectors the selectors of a SelectorFilter, else empty
 */
public record EnumerationFilter(boolean wsman, String dialect, SelectorSet selectors) {
    /** DSP0226 8.3 / ANNEX E: the selector filter dialect. */
    public static final String SELECTOR_DIALECT = "http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter";
    /** WMI Query Language, the dialect Windows' WMI provider accepts. */
    public static final String WQL_DIALECT = "http://schemas.microsoft.com/wbem/wsman/1/WQL";
    /** DSP0226 ANNEX D: the CIM Query Language (CQL). */
    public static final String CQL_DIALECT = "http://schemas.dmtf.org/wbem/cql/1/dsp0202.pdf";
    /** WS-Enumeration 3.1: XPath 1.0, the default of n:Filter. */
    public static final String XPATH_DIALECT = "http://www.w3.org/TR/1999/REC-xpath-19991116";

    public EnumerationFilter {
        dialect = dialect == null || dialect.isBlank() ? null : dialect.strip();
        selectors = selectors == null ? SelectorSet.EMPTY : selectors;
    }

    /** Without selectors. */
    public EnumerationFilter(boolean wsman, String dialect) {
        this(wsman, dialect, SelectorSet.EMPTY);
    }

    /** The selector filter {@code w:Filter} naming one shell, as pypsrp enumerates a shell's commands. */
    public static EnumerationFilter shell(String shellId) {
        return new EnumerationFilter(true, SELECTOR_DIALECT, SelectorSet.of(SelectorSet.SHELL_ID, shellId));
    }
}
