package io.openwinrm.protocol.wsman;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RequestHeaderValidatorTest {
    private static final Header OK = Header.request(WsmanAction.RECEIVE, ResourceUris.CMD_SHELL, "http://h/wsman")
            .withMaxEnvelopeSize(153600);

    private static void fails(UnaryOperator<Header> change, FaultKind kind) {
        assertThatThrownBy(() -> RequestHeaderValidator.validate(change.apply(OK)))
                .isInstanceOfSatisfying(WsmanFaultException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(kind));
    }

    @Test
    void acceptsAWellFormedRequest() {
        assertThatCode(() -> RequestHeaderValidator.validate(OK)).doesNotThrowAnyException();
        assertThatCode(() -> RequestHeaderValidator.validate(OK.withMaxEnvelopeSize(8192))).doesNotThrowAnyException();
    }

    @Test
    void rejectsPrecisely() {
        fails(h -> h.withAction(null), FaultKind.HEADER_REQUIRED);
        // [MS-WSMV] 3.1.4.1.5: an empty or missing MessageID is an invalid (not a missing) header
        fails(h -> h.withMessageId(" "), FaultKind.INVALID_HEADER);
        fails(h -> h.withMessageId(null), FaultKind.INVALID_HEADER);
        // WS-Addressing: To is required; without it a Create would answer an EPR with an empty Address
        fails(h -> h.withTo(null), FaultKind.HEADER_REQUIRED);
        fails(h -> h.withTo(""), FaultKind.HEADER_REQUIRED);
        fails(h -> h.withReplyTo(null), FaultKind.HEADER_REQUIRED);
        fails(h -> h.withResourceUri(null), FaultKind.HEADER_REQUIRED);
        fails(h -> h.withReplyTo("http://attacker/callback"), FaultKind.UNSUPPORTED_ADDRESSING_MODE);
        fails(h -> h.withMaxEnvelopeSize(8191), FaultKind.MAX_ENVELOPE_SIZE_TOO_SMALL);
        fails(h -> h.withMessageId("uuid:" + "A".repeat(2044)), FaultKind.INVALID_HEADER);
    }
}
