package io.openwinrm.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeSizingTest {
    private static final String CMD = "X".repeat(64);

    @ParameterizedTest
    @ValueSource(ints = {8192, 9000, 51200, 153600, 512000})
    void aFullReceiveResponseFitsTheClientsEnvelope(int max) {
        int raw = EnvelopeSizing.maxRawBytes(max);
        assertThat(raw % 3).isZero();
        // not wasteful: most of a large envelope is payload
        assertThat(raw).isGreaterThan(max >= 51200 ? max * 65 / 100 : 2000);
        byte[] data = new byte[raw];
        Arrays.fill(data, (byte) 0x41);
        // worst case header: a 2 KB MessageID echoed in RelatesTo ([MS-WSMV] <47>)
        Header req = Header.request(WsmanAction.RECEIVE, null, null).withMessageId("uuid:" + "F".repeat(2043));
        Envelope env = new Envelope(Header.responseTo(req, WsmanAction.RECEIVE.responseUri()),
                new ReceiveResponse(List.of(new StreamData("stdout", CMD, data, false),
                        new StreamData("stdout", CMD, new byte[0], true), new StreamData("stderr", CMD, new byte[0], true)),
                        CommandStateInfo.done(CMD, Integer.MIN_VALUE)));
        assertThat(new WsmanCodec().encode(env).length).isLessThanOrEqualTo(max);
    }

    @Test
    void limits() {
        assertThat(EnvelopeSizing.MIN_MAX_ENVELOPE_SIZE).isEqualTo(8192);
        assertThatThrownBy(() -> EnvelopeSizing.maxRawBytes(8191)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvelopeSizing.maxRawBytes(8192, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(EnvelopeSizing.maxRawBytes(8192, 1)).isGreaterThan(EnvelopeSizing.maxRawBytes(8192, 4));
        assertThat(EnvelopeSizing.base64Length(3)).isEqualTo(4);
        assertThat(EnvelopeSizing.base64Length(4)).isEqualTo(8);
        assertThat(EnvelopeSizing.effective(OptionalLong.of(153600), 512000)).isEqualTo(153600);
        assertThat(EnvelopeSizing.effective(OptionalLong.of(10_000_000), 512000)).isEqualTo(512000);
        assertThat(EnvelopeSizing.effective(OptionalLong.empty(), 512000)).isEqualTo(512000);
    }
}
