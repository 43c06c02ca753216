package io.openwinrm.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build of OpenWinRM is: product name, vendor and version, and the WS-Management protocol it speaks.
 * Reported by {@code openwinrm version} locally and, through Identify ([MS-WSMV] 3.1.4.1.23), to remote peers.
 */
public final class ProductInfo {

    /** Product name as shown to users. */
    public static final String PRODUCT = "OpenWinRM";

    /** Vendor string sent as {@code wsmid:ProductVendor}. */
    public static final String VENDOR = "OpenWinRM";

    /** The WS-Management protocol version URI ([DSP0226], also sent by Windows). */
    public static final String PROTOCOL_VERSION = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";

    /** WinRM stack version we model; Windows reports "Stack: 3.0" since WinRM 3.0. */
    public static final String STACK_VERSION = "3.0";

    private static final String VERSION = loadVersion();

    private ProductInfo() {
    }

    /** The Maven project version of this build, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    /**
     * The {@code wsmid:ProductVersion} text in the Windows shape {@code "OS: <os version> SP: 0.0 Stack: 3.0"}, with
     * our own version appended so a peer can tell us from Windows.
     *
     * @param revealOs whether to show the OS version (only to authenticated callers, as Windows does)
     */
    public static String identifyProductVersion(boolean revealOs) {
        String os = revealOs ? System.getProperty("os.version", "0.0.0") : "0.0.0";
        return "OS: " + os + " SP: 0.0 Stack: " + STACK_VERSION + " OpenWinRM: " + VERSION;
    }

    private static String loadVersion() {
        try (InputStream in = ProductInfo.class.getResourceAsStream("product.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
