package io.openwinrm.psrp.clixml;

/**
 * A primitive CLIXML value ([MS-PSRP] 2.2.5.1): one element whose text is the value. {@link #tag()} is the
 * element name and {@link #text()} its unescaped content; the writer applies {@code _xHHHH_} and XML escaping.
 */
public sealed interface PsPrimitive extends PsValue permits PsString, PsChar, PsBool, PsDateTime, PsDuration,
        PsInteger, PsSingle, PsDouble, PsDecimal, PsBytes, PsGuid, PsUri, PsVersion, PsXmlDocument, PsScriptBlock,
        PsSecureString {

    /** The element name, e.g. {@code S}, {@code I32}. */
    String tag();

    /** The element text, before escaping. */
    String text();
}
