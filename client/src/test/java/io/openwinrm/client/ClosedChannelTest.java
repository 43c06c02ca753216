package io.openwinrm.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.client.internal.WsmanChannel;
import io.openwinrm.protocol.wsman.ResourceUris;
import org.junit.jupiter.api.Test;

class ClosedChannelTest {

    /**
     * A request on a channel closed meanwhile (a pool's or pipeline's receive loop while the pool closes) fails as a
     * transport error of the client's own family, which those loops end on quietly; it used to escape as an
     * IllegalStateException and print a stack trace from the receive thread (PowerShellEnterTest once saw it in CI).
     */
    @Test
    void aRequestOnAClosedChannelIsATransportError() {
        WinRmClient client = WinRmClient.builder().credentials(Credentials.basic("nobody", "x".toCharArray()))
                .insecureSkipVerification(true).build();
        WsmanChannel channel = client.channel(Endpoint.parse("https://127.0.0.1:1/wsman", false),
                ResourceUris.CMD_SHELL);
        channel.close();
        assertThatThrownBy(() -> channel.identify(true)).isInstanceOf(WinRmTransportException.class)
                .hasMessageContaining("are closed");
    }
}
