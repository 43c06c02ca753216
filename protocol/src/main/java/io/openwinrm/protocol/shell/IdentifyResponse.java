package io.openwinrm.protocol.shell;

import io.openwinrm.protocol.soap.Body;
import java.util.List;

/**
 * {@code wsmid:IdentifyResponse} ([MS-WSMV] 3.1.4.1.23 and &lt;71&gt;-&lt;73&gt;).
 *
 * @param securityProfiles {@code wsmid:SecurityProfiles/wsmid:SecurityProfileName}; empty when unauthenticated
 */
public record IdentifyResponse(String protocolVersion, String productVendor, String productVersion,
        List<String> securityProfiles) implements Body {
    public IdentifyResponse {
        securityProfiles = List.copyOf(securityProfiles == null ? List.of() : securityProfiles);
    }
}
