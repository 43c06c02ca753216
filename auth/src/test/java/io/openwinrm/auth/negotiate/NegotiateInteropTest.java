package io.openwinrm.auth.negotiate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.auth.ntlm.CbtHardening;
import io.openwinrm.auth.ntlm.NtlmCredentials;
import io.openwinrm.auth.ntlm.NtlmInitiatorSettings;
import io.openwinrm.auth.ntlm.TestConnections;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.SecurityContext;
import io.openwinrm.auth.spi.SecurityContext.SealedMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with pyspnego (what pywinrm 0.5 and pypsrp use), through a small Python peer on stdin/stdout. Skipped
 * when {@code interop/.venv/bin/python} with pyspnego is not available.
 */
class NegotiateInteropTest {

    private static final Path PYTHON = findPython();
    private static final byte[] CERT_HASH = HexFormat.of().parseHex(
            "5f0e8a5e1e4b8c7d3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f");

    @TempDir
    static Path tmp;
    private static Path script;

    private static Path findPython() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("interop/.venv/bin/python");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @BeforeAll
    static void copyScript() throws IOException {
        assumeTrue(PYTHON != null, "interop/.venv/bin/python not found: pyspnego interop skipped");
        script = tmp.resolve("spnego_peer.py");
        try (InputStream in = NegotiateInteropTest.class.getResourceAsStream("spnego_peer.py")) {
            Files.copy(in, script);
        }
    }

    @Test
    void pyspnegoRawNtlmClientAgainstOurAcceptor() throws Exception {
        clientAgainstAcceptor("ntlm", TestConnections.PLAIN, null, 0);
    }

    @Test
    void pyspnegoNegotiateClientAgainstOurAcceptor() throws Exception {
        clientAgainstAcceptor("negotiate", TestConnections.PLAIN, null, 1);
    }

    @Test
    void pyspnegoClientWithChannelBindingOverTlsAgainstStrictAcceptor() throws Exception {
        clientAgainstAcceptor("negotiate", TestConnections.of(true, CERT_HASH), CERT_HASH, 1);
    }

    @Test
    void pyspnegoClientWithWrongChannelBindingIsRefused() throws Exception {
        byte[] other = CERT_HASH.clone();
        other[31] ^= 1;
        try (Peer py = Peer.start("client", "ntlm", "alice", "s3cret!", HexFormat.of().formatHex(other))) {
            AuthMechanism server = factory(CbtHardening.STRICT).create();
            ConnectionInfo tls = TestConnections.of(true, CERT_HASH);
            AuthStep.Continue c = (AuthStep.Continue) server.step(py.step(new byte[0]).token, tls);
            AuthStep last = server.step(py.step(c.token()).token, tls);
            assertThat(((AuthStep.Failure) last).reason()).contains("channel binding");
        }
    }

    @Test
    void pyspnegoClientWithWrongPasswordIsRefused() throws Exception {
        try (Peer py = Peer.start("client", "negotiate", "alice", "bad")) {
            AuthMechanism server = factory(CbtHardening.RELAXED).create();
            AuthStep.Continue c = (AuthStep.Continue) server.step(py.step(new byte[0]).token, TestConnections.PLAIN);
            AuthStep last = server.step(py.step(c.token()).token, TestConnections.PLAIN);
            assertThat(((AuthStep.Failure) last).reason()).contains("wrong password");
        }
    }

    @Test
    void ourInitiatorAgainstPyspnegoAcceptor() throws Exception {
        Path users = tmp.resolve("ntlm-users");
        Files.writeString(users, "WORKGROUP:alice:s3cret!\n");
        for (NegotiateInitiator.Framing framing : NegotiateInitiator.Framing.values()) {
            String protocol = framing == NegotiateInitiator.Framing.RAW_NTLM ? "ntlm" : "negotiate";
            try (Peer py = Peer.start(Map.of("NTLM_USER_FILE", users.toString()), "server", protocol)) {
                NegotiateInitiator client = new NegotiateInitiator(NtlmInitiatorSettings.of(
                        NtlmCredentials.ofPassword("alice", "WORKGROUP", "s3cret!".toCharArray())), framing);
                Step challenge = py.step(client.initialToken());
                Step done = py.step(client.respond(challenge.token));
                assertThat(done.complete).as(protocol).isTrue();
                client.complete(Optional.ofNullable(done.token.length == 0 ? null : done.token));
                SecurityContext ours = client.sessionSecurity().orElseThrow();
                exchangeWithPeer(py, ours, true);
            }
        }
    }

    private static NegotiateMechanismFactory factory(CbtHardening cbt) {
        return NegotiateMechanismFactory.of(NegotiateMechanismTest.LOOKUP, "winrm-host", cbt);
    }

    private static void clientAgainstAcceptor(String protocol, ConnectionInfo conn, byte[] cbt, int firstSeq)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("client", protocol, "alice", "s3cret!"));
        if (cbt != null) {
            args.add(HexFormat.of().formatHex(cbt));
        }
        try (Peer py = Peer.start(Map.of(), args.toArray(new String[0]))) {
            AuthMechanism server = factory(cbt != null ? CbtHardening.STRICT : CbtHardening.RELAXED).create();
            Step first = py.step(new byte[0]);
            assertThat(first.token[0]).isEqualTo(protocol.equals("ntlm") ? (byte) 'N' : (byte) 0x60);
            AuthStep.Continue c = (AuthStep.Continue) server.step(first.token, conn);
            Step second = py.step(c.token());
            AuthStep last = server.step(second.token, conn);
            assertThat(last).as(last.toString()).isInstanceOf(AuthStep.Success.class);
            AuthStep.Success success = (AuthStep.Success) last;
            assertThat(success.user().name()).isEqualTo("alice");
            boolean complete = second.complete;
            if (success.hasReplyToken()) {
                Step fin = py.step(success.replyToken());
                assertThat(fin.token).isEmpty();
                complete = fin.complete;
            }
            assertThat(success.hasReplyToken()).isEqualTo(protocol.equals("negotiate"));
            assertThat(complete).as("pyspnego context complete").isTrue();
            SecurityContext ours = success.securityContext().orElseThrow();
            exchangeWithPeer(py, ours, false);
            assertThat(((io.openwinrm.auth.ntlm.NtlmSessionSecurity) ours).incomingSequence())
                    .isEqualTo(firstSeq + 20);
        }
    }

    /** 20 messages each way; the peer wraps, we unwrap, and back. */
    private static void exchangeWithPeer(Peer py, SecurityContext ours, boolean weAreClient) throws Exception {
        for (int i = 0; i < 20; i++) {
            byte[] fromPeer = ("<s:Envelope>peer " + i + " \u00e9</s:Envelope>").getBytes(StandardCharsets.UTF_8);
            String[] wrapped = py.call("wrap", b64(fromPeer));
            byte[] header = unb64(wrapped[1]);
            assertThat(header).hasSize(16);
            assertThat(ours.unwrap(new SealedMessage(header, unb64(wrapped[2])))).isEqualTo(fromPeer);

            byte[] fromUs = ("reply " + i + (weAreClient ? " from client" : " from server")).getBytes();
            SealedMessage sealed = ours.wrap(fromUs);
            String[] unwrapped = py.call("unwrap", b64(sealed.header()), b64(sealed.ciphertext()));
            assertThat(unb64(unwrapped[1])).isEqualTo(fromUs);
        }
        // a tampered message from us is refused by pyspnego
        SealedMessage sealed = ours.wrap("tamper".getBytes());
        byte[] ct = sealed.ciphertext();
        ct[0] ^= 1;
        assertThat(py.raw("unwrap " + b64(sealed.header()) + " " + b64(ct))).startsWith("err");
    }

    private static String b64(byte[] b) {
        return b.length == 0 ? "-" : Base64.getEncoder().encodeToString(b);
    }

    private static byte[] unb64(String s) {
        return s.equals("-") ? new byte[0] : Base64.getDecoder().decode(s);
    }

    private record Step(byte[] token, boolean complete) {
    }

    /** The Python process; every read has a timeout so a broken peer cannot hang the build. */
    private static final class Peer implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final Writer in;

        private Peer(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static Peer start(String... args) throws Exception {
            return start(Map.of(), args);
        }

        static Peer start(Map<String, String> env, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
            cmd.addAll(Arrays.asList(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().putAll(env);
            Peer peer = new Peer(pb.start());
            String ready = peer.readLine();
            assumeTrue("ready".equals(ready), "pyspnego peer did not start (no pyspnego?): " + ready);
            return peer;
        }

        Step step(byte[] token) throws Exception {
            String[] r = call("step", token == null ? "-" : b64(token));
            return new Step(unb64(r[1]), r[2].equals("1"));
        }

        String[] call(String... words) throws Exception {
            String line = raw(String.join(" ", words));
            assertThat(line).as("pyspnego reply").startsWith("ok ");
            return line.split(" ");
        }

        String raw(String command) throws Exception {
            in.write(command + "\n");
            in.flush();
            return readLine();
        }

        private String readLine() throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return "err " + e;
                }
            }).get(20, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            try {
                in.write("quit\n");
                in.flush();
            } catch (IOException ignored) {
                // already gone
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
