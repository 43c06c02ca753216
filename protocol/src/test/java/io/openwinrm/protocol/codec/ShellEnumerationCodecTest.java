package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.BufferMode;
import io.openwinrm.protocol.shell.ConnectionState;
import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.DroppedOutput;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.soap.EmptyBody;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Enumerate / Get of shells and the Disconnect BufferMode ([MS-WSMV] 3.1.4.2.1, 3.1.4.8, 3.1.4.15). */
class ShellEnumerationCodecTest {
    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final String SHELL = "11111111-2222-3333-4444-555555555555";

    @Test
    void windowsEnumerateRequestDecodes() {
        Envelope env = CODEC.decode(Vectors.vector("wsman-enumerate-shells.request.xml"));
        assertThat(env.body()).isEqualTo(new EnumerateRequest(true, OptionalInt.of(32000)));
        assertThat(env.header().resourceUri()).isEqualTo(ResourceUris.SHELL);
    }

    @Test
    void windowsEnumerateResponseDecodesEveryField() {
        EnumerateResponse r = CODEC.decode(Vectors.vector("wsman-enumerate-shells.response.xml"))
                .body(EnumerateResponse.class);
        assertThat(r.enumerationContext()).isNull();
        assertThat(r.endOfSequence()).isTrue();
        assertThat(r.items()).hasSize(2);
        ShellInfo first = r.items().get(0);
        assertThat(first.shellId()).isEqualTo("B6631D8E-65A0-49F2-9053-A1B156C95777");
        assertThat(first.resourceUri()).isEqualTo(ResourceUris.POWERSHELL);
        assertThat(first.owner()).isEqualTo("WIN-NNMU24VVKJ0\\vagrant");
        assertThat(first.clientIp()).isEqualTo("10.0.2.2");
        assertThat(first.processId()).hasValue(2792);
        assertThat(first.idleTimeout()).contains(Duration.ofSeconds(7200));
        assertThat(first.inputStreams()).containsExactly("stdin", "pr");
        assertThat(first.maxIdleTimeout()).contains(Duration.ofMillis(Integer.MAX_VALUE));
        assertThat(first.bufferMode()).contains(BufferMode.BLOCK);
        assertThat(first.state()).contains(ConnectionState.DISCONNECTED);
        assertThat(first.shellRunTime()).contains(Duration.ofSeconds(9));
        assertThat(first.memoryUsed()).isEqualTo("46MB");
        assertThat(first.childProcesses()).hasValue(0);
        assertThat(first.profileLoaded()).isEqualTo("Yes");
    }

    @Test
    void windowsGetShellRequestIsEmptyAndResponseIsShellInfo() {
        Envelope req = CODEC.decode(Vectors.vector("wsman-get-shell.request.xml"));
        assertThat(req.body()).isInstanceOf(EmptyBody.class);
        assertThat(req.header().shellId()).contains("6F1903CA-E06A-4A8B-BDFC-B44203149D55");
        ShellInfo info = CODEC.decode(Vectors.vector("wsman-get-shell.response.xml")).body(ShellInfo.class);
        assertThat(info.idleTimeout()).contains(Duration.ofSeconds(60));
        assertThat(info.clientIp()).isEqualTo("fdc3:d46:8e06:cfa8:f075:80ff:fe33:2fc8");
    }

    @Test
    void shellInfoAndEnumerateResponseRoundTripWithExtension() {
        ShellInfo info = ShellInfo.builder(SHELL).resourceUri(ResourceUris.CMD_SHELL).owner("alice")
                .clientIp("127.0.0.1").processId(4242).idleTimeout(Duration.ofMillis(180_500))
                .inputStreams(List.of("stdin")).outputStreams(List.of("stdout", "stderr"))
                .maxIdleTimeout(Duration.ofSeconds(7200)).locale("en-US").dataLocale("en-US")
                .compressionMode("NoCompression").profileLoaded("No").encoding("UTF8").bufferMode(BufferMode.DROP)
                .state(ConnectionState.DISCONNECTED).shellRunTime(Duration.ofSeconds(90061))
                .shellInactivity(Duration.ofSeconds(3)).childProcesses(2)
                .droppedOutput(List.of(new DroppedOutput(SHELL, "stdout", 12345))).build();
        Header get = Header.responseTo(Header.request(WsmanAction.GET, ResourceUris.SHELL, "http://h/wsman"),
                WsmanAction.GET.responseUri());
        Envelope env = new Envelope(get, info);
        byte[] wire = CODEC.encode(env);
        assertThat(new String(wire, StandardCharsets.UTF_8))
                .contains("<rsp:ShellRunTime>P1DT1H1M1S</rsp:ShellRunTime>")
                .contains("<rsp:IdleTimeOut>PT180.500S</rsp:IdleTimeOut>")
                .contains("Stream=\"stdout\">12345</ow:DroppedOutput>");
        assertThat(CODEC.decode(wire).body()).isEqualTo(info);

        Header enumHeader = Header.responseTo(Header.request(WsmanAction.ENUMERATE, ResourceUris.SHELL,
                "http://h/wsman"), WsmanAction.ENUMERATE.responseUri());
        EnumerateResponse list = new EnumerateResponse(null, List.of(info, ShellInfo.builder(SHELL).build()), true);
        assertThat(CODEC.decode(CODEC.encode(new Envelope(enumHeader, list))).body()).isEqualTo(list);
        EnumerateRequest request = new EnumerateRequest(true, OptionalInt.of(10));
        Envelope reqEnv = new Envelope(Header.request(WsmanAction.ENUMERATE, ResourceUris.SHELL, "http://h/wsman"),
                request);
        assertThat(CODEC.decode(CODEC.encode(reqEnv)).body()).isEqualTo(request);
    }

    @Test
    void disconnectBufferModeRoundTripsAndRejectsUnknownValues() {
        Header h = Header.request(WsmanAction.DISCONNECT, ResourceUris.CMD_SHELL, "http://h/wsman")
                .withShellId(SHELL);
        DisconnectRequest d = new DisconnectRequest(Optional.of(Duration.ofSeconds(60)), Optional.of(BufferMode.DROP));
        assertThat(CODEC.decode(CODEC.encode(new Envelope(h, d))).body()).isEqualTo(d);

        String bad = new String(CODEC.encode(new Envelope(h, d)), StandardCharsets.UTF_8)
                .replace(">Drop<", ">Sometimes<");
        assertThatThrownBy(() -> CODEC.decode(bad.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WsmanFaultException.class,
                        e -> assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION))
                .hasMessageContaining("BufferMode");
    }
}
