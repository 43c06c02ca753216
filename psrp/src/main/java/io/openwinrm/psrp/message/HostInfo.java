package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsBool;
import io.openwinrm.psrp.clixml.PsMembers;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsValue;

/**
 * {@code HostInfo} ([MS-PSRP] 2.2.3.14): what the client's host can do. With {@code isHostUINull} the server must
 * not make UI host calls (Read-Host fails on the server instead).
 *
 * @param hostDefaultData the {@code _hostDefaultData} member as sent (console colours, sizes, title), or null
 */
public record HostInfo(boolean isHostNull, boolean isHostUINull, boolean isHostRawUINull, boolean useRunspaceHost,
        PsValue hostDefaultData) {

    /** No host at all: what pypsrp sends without a PSHost. */
    public static final HostInfo NULL_HOST = new HostInfo(true, true, true, true, null);

    PsObject toPsObject() {
        PsObject.Builder b = PsObject.builder();
        if (hostDefaultData != null) {
            b.extended("_hostDefaultData", hostDefaultData);
        }
        return b.extended("_isHostNull", new PsBool(isHostNull)).extended("_isHostUINull", new PsBool(isHostUINull))
                .extended("_isHostRawUINull", new PsBool(isHostRawUINull))
                .extended("_useRunspaceHost", new PsBool(useRunspaceHost)).build();
    }

    static HostInfo from(PsValue value) {
        PsMembers m = PsMembers.of(value, "HostInfo");
        return new HostInfo(m.optionalBool("_isHostNull", true), m.optionalBool("_isHostUINull", true),
                m.optionalBool("_isHostRawUINull", true), m.optionalBool("_useRunspaceHost", true),
                m.optional("_hostDefaultData").orElse(null));
    }
}
