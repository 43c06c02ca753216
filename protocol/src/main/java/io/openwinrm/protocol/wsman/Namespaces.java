package io.openwinrm.protocol.wsman;

/**
 * Every XML namespace URI that appears in WS-Management / WinRS traffic, with the prefixes Windows writes.
 * See [MS-WSMV] 2.2.1.
 *
 * <p>The WS-Man identity namespace: [MS-WSMV] 2.2.1 spells it {@code .../wsman/identify/1/...}, while real
 * Windows responses and DMTF DSP0226 use {@code .../wsman/identity/1/...}. We write {@link #WSMID} and accept
 * {@link #WSMID_LEGACY} on input.
 */
public final class Namespaces {
    /** SOAP 1.2 envelope. */
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    /** WS-Addressing (2004/08 submission). */
    public static final String ADDRESSING = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    /** DMTF WS-Management. */
    public static final String WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    /** Microsoft WS-Management extensions (DataLocale, SessionId, ActivityId). */
    public static final String WSMV = "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd";
    /** Windows Remote Shell ([MS-WSMV] 2.2.4.37). */
    public static final String SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    /** WS-Transfer. */
    public static final String TRANSFER = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
    /** WS-Enumeration. */
    public static final String ENUMERATION = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
    /** WS-Eventing (declared by Windows on fault envelopes). */
    public static final String EVENTING = "http://schemas.xmlsoap.org/ws/2004/08/eventing";
    /** Microsoft WSManFault detail. */
    public static final String WSMAN_FAULT = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault";
    /** WS-Man identity (Identify), DMTF spelling: the one written. */
    public static final String WSMID = "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd";
    /** WS-Man identity as misspelled in [MS-WSMV] 2.2.1; accepted on input. */
    public static final String WSMID_LEGACY = "http://schemas.dmtf.org/wbem/wsman/identify/1/wsmanidentity.xsd";
    /** WinRM configuration. */
    public static final String CONFIG = "http://schemas.microsoft.com/wbem/wsman/1/config";
    /** PowerShell remoting payload elements (creationXml, connectXml). */
    public static final String POWERSHELL = "http://schemas.microsoft.com/powershell";
    /** MSFT_WmiError fault detail used by some quota faults. */
    public static final String WMI_ERROR = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_WmiError";
    /** OpenWinRM extensions inside {@code rsp:Shell} (DroppedOutput). */
    public static final String OPENWINRM_SHELL = "urn:openwinrm:shell:1";
    /** The XML namespace ({@code xml:lang}). */
    public static final String XML = "http://www.w3.org/XML/1998/namespace";

    /** Prefixes written by our encoder; the ones Windows uses. */
    public static final String PREFIX_SOAP = "s";
    public static final String PREFIX_ADDRESSING = "a";
    public static final String PREFIX_TRANSFER = "x";
    public static final String PREFIX_WSMAN = "w";
    public static final String PREFIX_WSMV = "p";
    public static final String PREFIX_SHELL = "rsp";
    public static final String PREFIX_FAULT = "f";
    public static final String PREFIX_ENUMERATION = "n";
    public static final String PREFIX_EVENTING = "e";
    public static final String PREFIX_WSMID = "wsmid";
    public static final String PREFIX_OPENWINRM = "ow";

    private Namespaces() {
    }

    /** True for either spelling of the identity namespace. */
    public static boolean isWsmid(String uri) {
        return WSMID.equals(uri) || WSMID_LEGACY.equals(uri);
    }
}
