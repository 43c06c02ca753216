package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

/** The Go client (masterzen/winrm, Basic over HTTPS) against a server that switches users. */
class GoIsolationInteropTest extends AbstractIsolationInteropTest {

    @Override
    Peer peer() {
        return Peer.GO;
    }

    @Override
    void assertRefusal(DriverResult r) {
        // masterzen/winrm reports any fault reply by its Action only; the audit log names the refusal
        assertThat(r.stringField("error")).as(r.describe())
                .isEqualTo("command: unsupported action: http://schemas.dmtf.org/wbem/wsman/1/wsman/fault");
    }
}
