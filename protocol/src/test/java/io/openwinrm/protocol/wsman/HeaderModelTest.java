package io.openwinrm.protocol.wsman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderModelTest {
    @Test
    void selectorNamesAreCaseInsensitive() {
        SelectorSet s = SelectorSet.of("ShellID", "ABC");
        assertThat(s.get("ShellId")).contains("ABC");
        assertThat(s.get("shellid")).contains("ABC");
        assertThat(s.get("CommandId")).isEmpty();
        assertThat(SelectorSet.EMPTY.get("ShellId")).isEmpty();
    }

    @Test
    void booleanOptionsAcceptEverySpellingClientsUse() {
        OptionSet o = new OptionSet(List.of(new Option("A", "TRUE"), new Option("B", "True"), new Option("C", "1"),
                new Option("D", "false"), new Option("E", "0"), new Option("F", "yes"), new Option("G", "FALSE")));
        assertThat(o.getBoolean("A", false)).isTrue();
        assertThat(o.getBoolean("b", false)).isTrue();
        assertThat(o.getBoolean("C", false)).isTrue();
        assertThat(o.getBoolean("D", true)).isFalse();
        assertThat(o.getBoolean("E", true)).isFalse();
        assertThat(o.getBoolean("G", true)).isFalse();
        assertThat(o.getBoolean("missing", true)).isTrue();
        assertThatThrownBy(() -> o.getBoolean("F", false)).isInstanceOfSatisfying(WsmanFaultException.class,
                e -> assertThat(e.kind()).isEqualTo(FaultKind.INVALID_OPTIONS));
    }

    @Test
    void requestHeaderConvenience() {
        Header h = Header.request(WsmanAction.CREATE, ResourceUris.CMD_SHELL, "http://h:5985/wsman");
        assertThat(h.action()).isEqualTo("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create");
        assertThat(h.replyTo()).isEqualTo(ResourceUris.ANONYMOUS);
        assertThat(h.messageId()).matches("uuid:[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");
        assertThat(Header.request(WsmanAction.CREATE, null, null).messageId()).isNotEqualTo(h.messageId());
        Header t = h.withShellId("X").withOperationTimeout(Duration.ofSeconds(5));
        assertThat(t.shellId()).contains("X");
        assertThat(t.operationTimeout()).contains(Duration.ofSeconds(5));
        assertThat(t.messageId()).isEqualTo(h.messageId());
        Header r = Header.responseTo(h, WsmanAction.CREATE.responseUri());
        assertThat(r.relatesTo()).isEqualTo(h.messageId());
        assertThat(r.to()).isEqualTo(ResourceUris.ANONYMOUS);
    }

    @Test
    void actionsLookUp() {
        for (WsmanAction a : WsmanAction.values()) {
            assertThat(WsmanAction.fromUri(a.uri())).contains(a);
            assertThat(WsmanAction.fromResponseUri(a.responseUri())).contains(a);
            assertThat(a.responseUri()).isEqualTo(a.uri() + "Response");
        }
        assertThat(WsmanAction.fromUri("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/command")).isEmpty();
        assertThat(WsmanAction.fromUri(null)).isEmpty();
        assertThat(WsmanAction.COMMAND.responseUri())
                .isEqualTo("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandResponse");
    }

    @Test
    void identityNamespaceSpellings() {
        assertThat(Namespaces.WSMID).contains("/identity/");
        assertThat(Namespaces.isWsmid(Namespaces.WSMID)).isTrue();
        assertThat(Namespaces.isWsmid(Namespaces.WSMID_LEGACY)).isTrue();
        assertThat(Namespaces.isWsmid(Namespaces.WSMAN)).isFalse();
    }
}
