package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** pywinrm (NTLM, sealed over HTTP, as Ansible uses it) against a server that switches users. */
class PywinrmIsolationInteropTest extends AbstractIsolationInteropTest {

    @Override
    Peer peer() {
        return Peer.PYWINRM;
    }

    @Override
    Listener listener() {
        return Listener.HTTP;
    }

    @Override
    List<String> authOptions() {
        return List.of("--transport", "ntlm", "--message-encryption", "auto");
    }

    @Override
    void assertRefusal(DriverResult r) {
        assertThat(r.stringField("error_type")).as(r.describe()).isEqualTo("WSManFaultError");
        // pywinrm shows the fault's Reason and its codes (as Windows' own refusal looks)
        assertThat(r.stringField("error")).contains("Access is denied").contains("'wsmanfault_code': 5")
                .contains("'fault_subcode': 'w:AccessDenied'");
    }
}
