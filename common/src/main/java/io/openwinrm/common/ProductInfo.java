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
     * The {@code wsmid:ProductVersion} text in Windows' shape ([MS-WSMV] &lt;71&gt;, &lt;72&gt;): {@code "OS: d.d.d
     * SP: d.d Stack: d.d"}, the OS part being the kernel's numeric version ({@link #osVersion(String)}), or
     * {@code 0.0.0} for an unauthenticated caller, as Windows does. Our own product and version are in
     * {@link #identifyProductVendor(boolean)}.
     *
     * @param revealOs whether to show the OS version (only to authenticated callers, as Windows does)
     */
    public static String identifyProductVersion(boolean revealOs) {
        String os = revealOs ? osVersion(System.getProperty("os.version", "")) : "0.0.0";
        return "OS: " + os + " SP: 0.0 Stack: " + STACK_VERSION;
    }

    /**
     * The {@code wsmid:ProductVendor} text: {@link #VENDOR}, followed by this build's version for an authenticated
     * caller (an unauthenticated one learns no more than the product, as with the OS version).
     */
    public static String identifyProductVendor(boolean authenticated) {
        return authenticated ? VENDOR + " " + VERSION : VENDOR;
    }

    /**
     * The first three numeric components of a kernel version ({@code 6.1.0-13-amd64} gives {@code 6.1.0},
     * {@code 5.15.167.4-microsoft-standard-WSL2} gives {@code 5.15.167}), missing ones as 0, each within the 32-bit
     * unsigned range [MS-WSMV] &lt;71&gt; allows; {@code 0.0.0} when there is none.
     */
    public static String osVersion(String kernel) {
        long[] parts = new long[3];
        int n = 0;
        int i = 0;
        while (n < 3 && i < kernel.length() && Character.isDigit(kernel.charAt(i))) {
            long v = 0;
            while (i < kernel.length() && kernel.charAt(i) >= '0' && kernel.charAt(i) <= '9') {
                v = Math.min(v * 10 + (kernel.charAt(i) - '0'), 0xFFFF_FFFFL);
                i++;
            }
            parts[n++] = v;
            if (i < kernel.length() && kernel.charAt(i) == '.') {
                i++;
            } else {
                break;
            }
        }
        return parts[0] + "." + parts[1] + "." + parts[2];
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
