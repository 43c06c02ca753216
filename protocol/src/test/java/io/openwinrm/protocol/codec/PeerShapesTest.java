package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Requests shaped like pywinrm 0.3 and Go masterzen/winrm send them (peer-clients.md). */
class PeerShapesTest {
    private final WsmanCodec codec = new WsmanCodec();

    @Test
    void pywinrmCommand() {
        Envelope env = codec.decode(Vectors.bytes("peer/pywinrm-command.request.xml"));
        assertThat(env.header().to()).isEqualTo("http://windows-host:5985/wsman");
        assertThat(env.header().messageId()).isEqualTo("uuid:9f0ef7b2-2b4b-4a4c-9c1e-1d0d1bb0b5a7");
        assertThat(env.header().dataLocale()).isEqualTo("en-US");
        assertThat(env.header().action()).isEqualTo(WsmanAction.COMMAND.uri());
        assertThat(env.header().shellId()).contains("11111111-2222-3333-4444-555555555555");
        assertThat(env.header().options().getBoolean(ShellOption.WINRS_CONSOLEMODE_STDIN, false)).isTrue();
        CommandRequest c = env.body(CommandRequest.class);
        assertThat(c.command()).isEqualTo("ipconfig");
        assertThat(c.arguments()).containsExactly("/all /foo \"bar baz\" & more");
    }

    @Test
    void goCommandWithCdataPrologNewlinesAndUnqualifiedMustUnderstand() {
        Envelope env = codec.decode(Vectors.bytes("peer/go-command.request.xml"));
        assertThat(env.header().resourceUri()).isEqualTo(ResourceUris.CMD_SHELL);
        assertThat(env.header().replyTo()).isEqualTo(ResourceUris.ANONYMOUS);
        assertThat(env.header().operationTimeout()).contains(Duration.ofSeconds(60));
        assertThat(env.header().messageId()).isEqualTo("uuid:0F9D4B1E-6C7A-4E0B-9D5E-2A3B4C5D6E7F");
        CommandRequest c = env.body(CommandRequest.class);
        assertThat(c.command()).isEqualTo("powershell");
        assertThat(c.arguments()).containsExactly("-Command", "Write-Output \"a<b>&c\"");
    }
}
