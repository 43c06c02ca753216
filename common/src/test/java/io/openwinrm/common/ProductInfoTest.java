package io.openwinrm.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 9: Identify's ProductVersion in Windows' shape "OS: d.d.d SP: d.d Stack: d.d" ([MS-WSMV] &lt;71&gt;,
 * &lt;72&gt;; Windows Server 2022 sends "OS: 10.0.20348 SP: 0.0 Stack: 3.0"), the product in ProductVendor.
 */
class ProductInfoTest {

    @Test
    void osVersionIsTheKernelsNumericTriple() {
        assertThat(ProductInfo.osVersion("6.1.0-13-amd64")).isEqualTo("6.1.0");
        assertThat(ProductInfo.osVersion("5.15.167.4-microsoft-standard-WSL2")).isEqualTo("5.15.167");
        assertThat(ProductInfo.osVersion("6.8")).isEqualTo("6.8.0");
        assertThat(ProductInfo.osVersion("4.19.0+")).isEqualTo("4.19.0");
        assertThat(ProductInfo.osVersion("")).isEqualTo("0.0.0");
        assertThat(ProductInfo.osVersion("unknown")).isEqualTo("0.0.0");
        assertThat(ProductInfo.osVersion("99999999999.1.2")).isEqualTo("4294967295.1.2");
    }

    @Test
    void productVersionHasWindowsShapeAndNothingElse() {
        assertThat(ProductInfo.identifyProductVersion(true)).matches("OS: \\d+\\.\\d+\\.\\d+ SP: 0\\.0 Stack: 3\\.0")
                .isEqualTo("OS: " + ProductInfo.osVersion(System.getProperty("os.version")) + " SP: 0.0 Stack: 3.0");
        assertThat(ProductInfo.identifyProductVersion(false)).isEqualTo("OS: 0.0.0 SP: 0.0 Stack: 3.0");
    }

    @Test
    void productAndItsVersionAreInTheVendorForAuthenticatedCallersOnly() {
        assertThat(ProductInfo.identifyProductVendor(true)).isEqualTo("OpenWinRM " + ProductInfo.version());
        assertThat(ProductInfo.identifyProductVendor(false)).isEqualTo("OpenWinRM");
    }
}
