package io.openwinrm.privsep.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.privsep.wire.MonitorMessage.Account;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MonitorCodecTest {

    private static final List<MonitorMessage> ALL = List.of(
            new MonitorMessage.Hello(1, MonitorMessage.VERSION),
            new MonitorMessage.Authenticate(2, 7, "Negotiate", new byte[] {1, 2, 3}, "127.0.0.1", true, new byte[32]),
            new MonitorMessage.AuthenticateCertificate(3, List.of(new byte[] {9}, new byte[] {8, 7}), "::1"),
            new MonitorMessage.OpenShell(4, "s-1", "cmd", "10.0.0.1"),
            new MonitorMessage.CloseShell(5, "h-1"),
            new MonitorMessage.CanEnter(6, "h-1", "/home/é"),
            new MonitorMessage.Launch(7, "h-1", List.of("/bin/sh", "-c", "id"), "/", Map.of("A", "1", "B", ""),
                    Optional.of(new MonitorMessage.Terminal("xterm", 80, 24))),
            new MonitorMessage.Launch(8, "h-1", List.of("x"), "/", Map.of(), Optional.empty()),
            new MonitorMessage.StartInterpreter(9, "h-1", List.of("/bin/bash"), "/root", Map.of("HOME", "/root")),
            new MonitorMessage.RunInInterpreter(10, "p-1", "cd /tmp; ls"),
            new MonitorMessage.SignalProcess(11, "p-1", "INTERRUPT"),
            new MonitorMessage.DestroyProcess(12, "p-1"),
            new MonitorMessage.SandboxStatus(13, "h-1"),
            new MonitorMessage.KillAll(14, "h-1"),
            new MonitorMessage.Audit(15, "{\"event\":\"x\"}"),
            new MonitorMessage.Transcript(16, "h-1", "ABC-1", "line\n"),
            new MonitorMessage.HelloReply(1, MonitorMessage.VERSION, "root", 0, true, true),
            new MonitorMessage.Ok(5),
            new MonitorMessage.Failed(6, MonitorMessage.Failure.ACCESS_DENIED, "no"),
            new MonitorMessage.AuthContinue(2, new byte[] {4}),
            new MonitorMessage.AuthSuccess(2, "alice", "Negotiate", Optional.of("DOM"), "s-1",
                    Optional.of(new MonitorMessage.NtlmSealing(new byte[16], 1, 1)),
                    new byte[] {5}),
            new MonitorMessage.AuthSuccess(3, "bob", "Kerberos", Optional.of("REALM"), "s-2",
                    Optional.of(new MonitorMessage.KerberosSealing(18, new byte[32], false, 77,
                            java.util.OptionalLong.empty(), "application/HTTP-Kerberos-session-encrypted")),
                    new byte[] {6}),
            new MonitorMessage.AuthSuccess(4, "carol", "Basic", Optional.empty(), "s-3", Optional.empty(),
                    new byte[0]),
            new MonitorMessage.AuthFailure(2, "bad", Optional.empty()),
            new MonitorMessage.ShellOpened(4, "h-1", Optional.of(new Account("alice", 1001, 1001, List.of(1001, 27),
                    List.of("alice", "sudo"), "/home/alice", "/bin/bash")), List.of("ops")),
            new MonitorMessage.Launched(7, "p-1", 4242),
            new MonitorMessage.Answer(6, true),
            new MonitorMessage.SandboxState(13, 2, Optional.of("MaxProcessesPerShell (5)")),
            new MonitorMessage.Exited("p-1", 130),
            new MonitorMessage.Config(Map.of("openwinrm.toml", "[service]\n")),
            new MonitorMessage.CredentialsChanged());

    @Test
    void everyMessageSurvivesTheRoundTrip() throws Exception {
        for (MonitorMessage m : ALL) {
            MonitorMessage back = MonitorCodec.decode(MonitorCodec.encode(m));
            assertThat(MonitorCodec.encode(back)).as(m.getClass().getSimpleName())
                    .isEqualTo(MonitorCodec.encode(m));
            assertThat(back.getClass()).isEqualTo(m.getClass());
        }
    }

    @Test
    void malformedMessagesAreRefused() {
        byte[] good = MonitorCodec.encode(new MonitorMessage.OpenShell(4, "s-1", "cmd", "10.0.0.1"));
        assertThatThrownBy(() -> MonitorCodec.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(WireException.class).hasMessageContaining("bytes left");
        assertThatThrownBy(() -> MonitorCodec.decode(Arrays.copyOf(good, good.length + 1)))
                .hasMessageContaining("after the message");
        byte[] version = good.clone();
        version[0] = 2;
        assertThatThrownBy(() -> MonitorCodec.decode(version)).hasMessageContaining("protocol version 2");
        byte[] type = good.clone();
        type[1] = 99;
        assertThatThrownBy(() -> MonitorCodec.decode(type)).hasMessageContaining("unknown message type 99");
        byte[] huge = {1, 8, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> MonitorCodec.decode(huge)).isInstanceOf(WireException.class);
        assertThatThrownBy(() -> MonitorCodec.decode(new byte[0])).isInstanceOf(WireException.class);
    }

    @Test
    void aStringWithNulOrBadUtf8IsRefused() {
        byte[] nul = MonitorCodec.encode(new MonitorMessage.CloseShell(5, "h\u0001"));
        nul[nul.length - 1] = 0;
        assertThatThrownBy(() -> MonitorCodec.decode(nul)).hasMessageContaining("NUL");
        byte[] utf = MonitorCodec.encode(new MonitorMessage.CloseShell(5, "hh"));
        utf[utf.length - 1] = (byte) 0xff;
        assertThatThrownBy(() -> MonitorCodec.decode(utf)).hasMessageContaining("UTF-8");
    }
}
