package io.openwinrm.protocol.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.protocol.wsman.Namespaces;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.util.OptionalLong;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;

class FaultKindTest {
    @Test
    void interopCriticalValues() {
        assertThat(FaultKind.TIMED_OUT.wsmanCode()).isEqualTo(2150858793L);
        assertThat(FaultKind.TIMED_OUT.reason()).contains("OperationTimeout");
        assertThat(FaultKind.TIMED_OUT.soapCode()).isEqualTo(new QName(Namespaces.SOAP12, "Receiver"));
        assertThat(FaultKind.UNKNOWN_SHELL.wsmanCode()).isEqualTo(2150858843L);
        assertThat(FaultKind.UNKNOWN_COMMAND.wsmanCode()).isEqualTo(2150858843L);
        assertThat(FaultKind.INVALID_HEADER.wsmanCode()).isEqualTo(2150858767L);
        assertThat(FaultKind.INVALID_HEADER.action()).isEqualTo(WsmanAction.ADDRESSING_FAULT);
        assertThat(FaultKind.SCHEMA_VALIDATION.wsmanCode()).isEqualTo(2150858817L);
        assertThat(FaultKind.INVALID_PARAMETER.wsmanCode()).isEqualTo(87L);
        assertThat(FaultKind.PROGRAM_NOT_FOUND.wsmanCode()).isEqualTo(2147942402L);
        assertThat(FaultKind.QUOTA_MAX_SHELLS.wsmanCode()).isEqualTo(2150859173L);
        assertThat(FaultKind.QUOTA_MAX_OPERATIONS.wsmanCode()).isEqualTo(2150859174L);
        assertThat(FaultKind.QUOTA_INPUT_BACKLOG.wsmanCode()).isEqualTo(2150859242L);
        assertThat(FaultKind.QUOTA_INPUT_BACKLOG.subcode().getLocalPart()).isEqualTo("QuotaLimit");
        assertThat(FaultKind.ACCESS_DENIED.wsmanCode()).isEqualTo(5L);
        assertThat(FaultKind.MUST_UNDERSTAND.subcode()).isNull();
        assertThat(FaultKind.MUST_UNDERSTAND.wireCode()).isEqualTo(OptionalLong.empty());
    }

    @Test
    void everyKindIsComplete() {
        for (FaultKind k : FaultKind.values()) {
            assertThat(k.soapCode()).as(k.name()).isNotNull();
            assertThat(k.reason()).as(k.name()).isNotBlank();
            assertThat(k.defaultMessage()).as(k.name()).isNotBlank();
            assertThat(k.action()).as(k.name()).isIn(WsmanAction.WSMAN_FAULT, WsmanAction.ADDRESSING_FAULT,
                    WsmanAction.ENUMERATION_FAULT);
            if (k.subcode() != null) {
                assertThat(k.subcode().getNamespaceURI()).as(k.name()).isIn(Namespaces.WSMAN, Namespaces.ADDRESSING,
                        Namespaces.ENUMERATION);
                boolean addressing = k.subcode().getNamespaceURI().equals(Namespaces.ADDRESSING);
                assertThat(k.action().equals(WsmanAction.ADDRESSING_FAULT)).as(k.name()).isEqualTo(addressing);
                boolean enumeration = k.subcode().getNamespaceURI().equals(Namespaces.ENUMERATION);
                assertThat(k.action().equals(WsmanAction.ENUMERATION_FAULT)).as(k.name()).isEqualTo(enumeration);
            }
        }
    }

    @Test
    void faultBodyFromException() {
        WsmanFault f = WsmanFault.of(new WsmanFaultException(FaultKind.UNKNOWN_SHELL, "no shell X"), "host1");
        assertThat(f.code()).isEqualTo("s:Sender");
        assertThat(f.subcode()).isEqualTo("w:InvalidSelectors");
        assertThat(f.message()).isEqualTo("no shell X");
        assertThat(f.machine()).isEqualTo("host1");
        assertThat(f.faultDetail()).endsWith("/UnexpectedSelectors");
        assertThat(f.kind()).contains(FaultKind.UNKNOWN_SHELL);
        assertThat(f.isTimedOut()).isFalse();
        WsmanFault m = WsmanFault.of(new WsmanFaultException(FaultKind.ACCESS_DENIED, null, "other", null, null), "h");
        assertThat(m.machine()).isEqualTo("other");
        assertThat(m.message()).isEqualTo(FaultKind.ACCESS_DENIED.defaultMessage());
        assertThat(new WsmanFault("s:Receiver", "w:TimedOut", "r", OptionalLong.empty(), null, null).isTimedOut())
                .isTrue();
    }
}
