package io.openwinrm.client.powershell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.command.Command;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.fragment.Fragmenter;
import io.openwinrm.psrp.message.ConnectRunspacePool;
import io.openwinrm.psrp.message.CreatePipeline;
import io.openwinrm.psrp.message.ErrorRecordMessage;
import io.openwinrm.psrp.message.HostCall;
import io.openwinrm.psrp.message.HostMethod;
import io.openwinrm.psrp.message.HostResponse;
import io.openwinrm.psrp.message.HostScope;
import io.openwinrm.psrp.message.InitRunspacePool;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.PipelineInput;
import io.openwinrm.psrp.message.PipelineStateMessage;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.psrp.message.SessionCapability;
import io.openwinrm.psrp.state.PipelineState;
import io.openwinrm.psrp.state.RunspacePoolState;
import io.openwinrm.psrp.stream.ErrorCategory;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against Windows' own answers ([MS-PSRP] over WS-Man as Windows Server 2016 / PowerShell 5.1 wrote them,
 * vectors/windows): the pool opens on the recorded capability, private data and Opened state; a pipeline gets the
 * recorded output and Completed state, also when the same bytes come in many small fragments over several Receives;
 * Connect reads the recorded connectResponseXml. The recordings hold no error record and no host call, so those are
 * built with the psrp codec in the shapes of [MS-PSRP] 2.2.2.20, 2.2.2.21 and 2.2.2.27 and sent in the recorded
 * envelopes' place.
 */
@Timeout(30)
class WindowsReplayTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final MessageBodyCodec CODEC = new MessageBodyCodec();

    private final ReplayTransport host = new ReplayTransport();

    private RunspacePool open(PoolOptions options) {
        host.queueRecorded(false, "psrp-receive-capability.response.xml");
        host.queueRecorded(false, "psrp-receive-opened.response.xml");
        return PowerShellClient.over(() -> host, PowerShellClient.DEFAULT_CONFIGURATION, 153600).open(options);
    }

    private static List<PsrpMessage> messages(byte[] fragments) {
        List<PsrpMessage> out = new ArrayList<>();
        for (byte[] m : new Defragmenter().feed(fragments)) {
            out.add(PsrpMessageCodec.decode(m));
        }
        return out;
    }

    /** The fragment bytes of every Stream of a recorded Receive answer. */
    private byte[] recordedStreams(String file) {
        ReceiveResponse r = (ReceiveResponse) host.recorded(file);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        r.streams().forEach(s -> out.writeBytes(s.data()));
        return out.toByteArray();
    }

    /** A pipeline Receive answer carrying {@code bodies} for the last pipeline, fragmented by {@code fragmenter}. */
    private ReceiveResponse answer(Fragmenter fragmenter, UUID poolId, boolean done, MessageBody... bodies) {
        List<StreamData> streams = new ArrayList<>();
        UUID pid = UUID.fromString(host.commandId());
        for (MessageBody b : bodies) {
            PsrpMessage m = CODEC.toMessage(b, poolId, pid);
            streams.add(new StreamData("stdout", host.commandId(),
                    fragmenter.fragmentToBytes(PsrpMessageCodec.encode(m)), false));
        }
        return new ReceiveResponse(streams, done ? CommandStateInfo.done(host.commandId(), 0)
                : CommandStateInfo.running(host.commandId()));
    }

    @Test
    void aPoolOpensOnWindowsAnswersAndAPipelineGetsItsOutput() {
        try (RunspacePool pool = open(PoolOptions.DEFAULT)) {
            assertThat(pool.state()).isEqualTo(RunspacePoolState.OPENED);
            assertThat(pool.serverCapability().orElseThrow().protocolVersion().toString()).isEqualTo("2.3");
            assertThat(pool.applicationPrivateData().flatMap(d -> d.psVersionTable()).orElseThrow()
                    .get("PSVersion").map(PsValues::toText).orElseThrow()).startsWith("5.1.");

            ReplayTransport.Call create = host.calls(WsmanAction.CREATE).get(0);
            assertThat(create.resourceUri()).isEqualTo("http://schemas.microsoft.com/powershell/Microsoft.PowerShell");
            assertThat(create.options().options()).anySatisfy(o -> {
                assertThat(o.name()).isEqualTo("protocolversion");
                assertThat(o.value()).isEqualTo("2.3");
                assertThat(o.mustComply()).isTrue();
            });
            CreateShell shell = (CreateShell) create.body();
            assertThat(shell.shellId()).isEqualTo(pool.shellId());
            assertThat(shell.inputStreams()).containsExactly("stdin", "pr");
            List<PsrpMessage> creation = messages(Base64.getDecoder().decode(shell.creationXml()));
            assertThat(creation).hasSize(2);
            assertThat(CODEC.decode(creation.get(0))).isInstanceOf(SessionCapability.class);
            assertThat(CODEC.decode(creation.get(1))).isInstanceOf(InitRunspacePool.class);
            assertThat(creation).allSatisfy(m -> assertThat(m.runspacePoolId()).isEqualTo(pool.id()));

            host.queueRecorded(true, "psrp-receive-timeout.response.xml");
            host.queueRecorded(true, "psrp-receive-output.response.xml");
            InvokeResult r = pool.invoke(PipelineRequest.script("echo hi"), WAIT);
            assertThat(r.result().state()).isEqualTo(PipelineState.COMPLETED);
            assertThat(r.output()).containsExactly(new PsString("hi"));

            CommandRequest command = (CommandRequest) host.calls(WsmanAction.COMMAND).get(0).body();
            List<PsrpMessage> created = messages(Base64.getDecoder().decode(command.arguments().get(0)));
            assertThat(created).hasSize(1);
            assertThat(created.get(0).pipelineId().toString()).isEqualToIgnoringCase(command.commandId());
            CreatePipeline cp = (CreatePipeline) CODEC.decode(created.get(0));
            assertThat(cp.powerShell().commands()).containsExactly(Command.script("echo hi"));
            assertThat(cp.noInput()).isTrue();
            sleepUntil(() -> !host.calls(WsmanAction.SIGNAL).isEmpty());
            assertThat(host.calls(WsmanAction.SIGNAL)).as("the finished command is closed").hasSize(1);
            assertThat(((io.openwinrm.protocol.shell.SignalRequest) host.calls(WsmanAction.SIGNAL).get(0).body())
                    .code()).endsWith("/signal/terminate");
        }
        assertThat(host.calls(WsmanAction.DELETE)).hasSize(1);
        assertThat(host.closed).isTrue();
    }

    /** Windows' recorded output bytes again, cut into 30-byte fragments spread over one Receive each. */
    @Test
    void aMessageInManyFragmentsOverSeveralReceivesIsReassembled() {
        try (RunspacePool pool = open(PoolOptions.DEFAULT)) {
            host.queueReceive(true, () -> host.recorded("psrp-receive-timeout.response.xml"));
            List<byte[]> recorded = new ArrayList<>();
            for (PsrpMessage m : messages(recordedStreams("psrp-receive-output.response.xml"))) {
                recorded.add(PsrpMessageCodec.encode(m));
            }
            Fragmenter small = new Fragmenter(30, 100);
            List<byte[]> pieces = new ArrayList<>();
            for (byte[] m : recorded) {
                small.fragment(m).forEach(f -> pieces.add(io.openwinrm.psrp.fragment.FragmentCodec.encode(f)));
            }
            assertThat(pieces.size()).isGreaterThan(5);
            for (int i = 0; i < pieces.size(); i++) {
                byte[] piece = pieces.get(i);
                boolean last = i == pieces.size() - 1;
                host.queueReceive(true, () -> new ReceiveResponse(List.of(new StreamData("stdout",
                        host.commandId(), piece, false)), last ? CommandStateInfo.done(host.commandId(), 0)
                        : CommandStateInfo.running(host.commandId())));
            }
            InvokeResult r = pool.invoke(PipelineRequest.script("echo hi"), WAIT);
            assertThat(r.output()).containsExactly(new PsString("hi"));
            assertThat(r.result().state()).isEqualTo(PipelineState.COMPLETED);
        }
    }

    @Test
    void errorRecordsAndAFailedStateReachTheCaller() {
        try (RunspacePool pool = open(PoolOptions.DEFAULT)) {
            ErrorRecord soft = ErrorRecord.of("soft failure", "Microsoft.PowerShell.Commands.WriteErrorException",
                    ErrorCategory.NOT_SPECIFIED);
            ErrorRecord reason = ErrorRecord.of("boom", "boom", ErrorCategory.OPERATION_STOPPED);
            Fragmenter f = new Fragmenter(32 * 1024, 4);
            host.queueReceive(true, () -> answer(f, pool.id(), true, ErrorRecordMessage.of(soft),
                    PipelineStateMessage.withReason(PipelineState.FAILED.wire(), reason)));
            InvokeResult r = pool.invoke(PipelineRequest.script("throw 'boom'"), WAIT);
            assertThat(r.errors()).extracting(e -> e.record().message()).containsExactly("soft failure");
            assertThat(r.errors().get(0).categoryLine()).startsWith("NotSpecified: ");
            assertThat(r.result().state()).isEqualTo(PipelineState.FAILED);
            assertThat(r.result().reason().orElseThrow().message()).isEqualTo("boom");
            assertThatThrownBy(() -> r.result().throwIfFailed()).isInstanceOf(PipelineFailedException.class)
                    .hasMessage("the pipeline failed: boom");
        }
    }

    @Test
    void connectReadsWindowsConnectResponse() {
        String poolId = "B6631D8E-65A0-49F2-9053-A1B156C95777";
        host.useShellId(poolId);
        try (RunspacePool pool = PowerShellClient.over(() -> host, "Microsoft.PowerShell", 153600)
                .connect(poolId)) {
            assertThat(pool.state()).isEqualTo(RunspacePoolState.OPENED);
            assertThat(pool.initData().orElseThrow().maxRunspaces()).isEqualTo(1);
            assertThat(pool.serverCapability()).isPresent();
            ConnectRequest sent = (ConnectRequest) host.calls(WsmanAction.CONNECT).get(0).body();
            List<PsrpMessage> connect = messages(Base64.getDecoder().decode(sent.connectXml()));
            assertThat(connect).extracting(m -> CODEC.decode(m).getClass().getSimpleName())
                    .containsExactly("SessionCapability", "ConnectRunspacePool");
            assertThat(CODEC.decode(connect.get(1))).isEqualTo(ConnectRunspacePool.KEEP_SIZES);
            assertThat(host.calls(WsmanAction.CONNECT).get(0).options().options())
                    .anySatisfy(o -> assertThat(o.name()).isEqualTo("protocolversion"));
        }
    }

    /** 300 KB of input with a 153600-byte MaxEnvelopeSize: several Sends, each within the limit, the object whole. */
    @Test
    void largeInputIsFragmentedToTheEnvelopeSize() {
        try (RunspacePool pool = open(PoolOptions.DEFAULT)) {
            Pipeline p = pool.start(PipelineRequest.command("Write-Output").withInput(), PipelineListener.IGNORE);
            String big = "z".repeat(300_000);
            p.send(PsValue.of(big));
            p.endInput();
            List<ReplayTransport.Call> sends = host.calls(WsmanAction.SEND);
            assertThat(sends.size()).isGreaterThanOrEqualTo(3);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (ReplayTransport.Call c : sends) {
                StreamData s = ((SendRequest) c.body()).streams().get(0);
                assertThat(s.name()).isEqualTo("stdin");
                assertThat(s.commandId()).isEqualTo(host.commandId());
                assertThat(s.length()).isLessThanOrEqualTo(pool.fragmentSize());
                all.writeBytes(s.data());
            }
            List<PsrpMessage> sent = messages(all.toByteArray());
            assertThat(sent).hasSize(2);
            assertThat(CODEC.decode(sent.get(0))).isEqualTo(new PipelineInput(PsValue.of(big)));
            assertThat(sent.get(1).type().orElseThrow().name()).isEqualTo("END_OF_PIPELINE_INPUT");
            assertThat(pool.fragmentSize()).isLessThan(153600 * 3 / 4);
        }
    }

    @Test
    void hostCallsAreAnsweredOnPromptResponseAndUnknownOnesFailWithARecord() {
        PsHost hostImpl = new PsHost() {
            @Override
            public String readLine() {
                return "typed";
            }
        };
        try (RunspacePool pool = open(PoolOptions.DEFAULT.withHost(hostImpl))) {
            Fragmenter f = new Fragmenter(32 * 1024, 4);
            host.queueReceive(true, () -> answer(f, pool.id(), false,
                    HostCall.of(HostScope.PIPELINE, 1, HostMethod.READ_LINE, List.of()),
                    HostCall.of(HostScope.PIPELINE, 2, HostMethod.PROMPT_FOR_CREDENTIAL_1, List.of(PsValue.of("c"),
                            PsValue.of("m"), PsValue.of("u"), PsValue.of("t")))));
            host.queueReceive(true, () -> {
                sleepUntil(() -> host.calls(WsmanAction.SEND).size() >= 2);
                return answer(f, pool.id(), true, PipelineStateMessage.of(PipelineState.COMPLETED.wire()));
            });
            InvokeResult r = pool.invoke(PipelineRequest.script("Read-Host; Get-Credential"), WAIT);
            assertThat(r.result().state()).isEqualTo(PipelineState.COMPLETED);
            List<HostResponse> responses = new ArrayList<>();
            for (ReplayTransport.Call c : host.calls(WsmanAction.SEND)) {
                StreamData s = ((SendRequest) c.body()).streams().get(0);
                assertThat(s.name()).isEqualTo("pr");
                assertThat(s.commandId()).isEqualTo(host.commandId());
                messages(s.data()).forEach(m -> responses.add((HostResponse) CODEC.decode(m)));
            }
            assertThat(responses).hasSize(2);
            assertThat(responses.get(0).callId()).isEqualTo(1);
            assertThat(responses.get(0).result()).isEqualTo(PsValue.of("typed"));
            assertThat(responses.get(1).callId()).isEqualTo(2);
            assertThat(responses.get(1).result()).isNull();
            ErrorRecord me = ErrorRecord.from(responses.get(1).error());
            assertThat(me.category()).isEqualTo(ErrorCategory.NOT_IMPLEMENTED);
            assertThat(me.message()).contains("PromptForCredential is not implemented");

            CreatePipeline cp = (CreatePipeline) CODEC.decode(messages(Base64.getDecoder().decode(
                    ((CommandRequest) host.calls(WsmanAction.COMMAND).get(0).body()).arguments().get(0))).get(0));
            assertThat(cp.hostInfo().isHostNull()).isFalse();
            assertThat(cp.hostInfo().isHostUINull()).isFalse();
        }
    }

    /**
     * Get-Credential: the pipeline's host call makes the client exchange keys (PUBLIC_KEY on the pool's stdin; the
     * fake server answers ENCRYPTED_SESSION_KEY on the pool's Receive), then answers with a PSCredential whose
     * password is a SecureString under that key.
     */
    @Test
    void promptForCredentialIsAnsweredWithAPasswordUnderTheSessionKey() throws Exception {
        PsHost hostImpl = new PsHost() {
            @Override
            public PsCredential promptForCredential(String caption, String message, String userName, String target) {
                return new PsCredential(userName.isEmpty() ? "nobody" : "DOM\\" + userName, "s3cret".toCharArray());
            }
        };
        byte[] aesKey = new byte[32];
        new java.security.SecureRandom().nextBytes(aesKey);
        try (RunspacePool pool = open(PoolOptions.DEFAULT.withHost(hostImpl))) {
            host.queueReceive(false, () -> {
                sleepUntil(() -> !sent(io.openwinrm.psrp.message.PublicKey.class).isEmpty());
                String blob = ((io.openwinrm.psrp.message.PublicKey) sent(io.openwinrm.psrp.message.PublicKey.class)
                        .get(0)).publicKey();
                PsrpMessage m = CODEC.toMessage(new io.openwinrm.psrp.message.EncryptedSessionKey(
                        simpleBlob(blob, aesKey)), io.openwinrm.psrp.message.Destination.CLIENT, pool.id(),
                        io.openwinrm.psrp.message.DotNetGuid.NIL);
                return new ReceiveResponse(List.of(new StreamData("stdout", null,
                        new Fragmenter(32 * 1024, 9).fragmentToBytes(PsrpMessageCodec.encode(m)), false)), null);
            });
            Fragmenter f = new Fragmenter(32 * 1024, 4);
            host.queueReceive(true, () -> answer(f, pool.id(), false, HostCall.of(HostScope.PIPELINE, 5,
                    HostMethod.PROMPT_FOR_CREDENTIAL_2, List.of(PsValue.of("Caption"), PsValue.of("Message"),
                            PsValue.of("alice"), PsValue.of("target"), PsValue.of(1), PsValue.of(0)))));
            host.queueReceive(true, () -> {
                sleepUntil(() -> !sent(HostResponse.class).isEmpty());
                return answer(f, pool.id(), true, PipelineStateMessage.of(PipelineState.COMPLETED.wire()));
            });
            InvokeResult r = pool.invoke(PipelineRequest.script("Get-Credential"), WAIT);
            assertThat(r.result().state()).isEqualTo(PipelineState.COMPLETED);
            HostResponse response = (HostResponse) sent(HostResponse.class).get(0);
            assertThat(response.callId()).isEqualTo(5);
            assertThat(response.error()).isNull();
            io.openwinrm.psrp.clixml.PsObject credential = (io.openwinrm.psrp.clixml.PsObject) response.result();
            assertThat(credential.typeNames()).startsWith("System.Management.Automation.PSCredential");
            assertThat(credential.property("UserName")).contains(PsValue.of("DOM\\alice"));
            byte[] encrypted = ((io.openwinrm.psrp.clixml.PsSecureString) credential.property("Password")
                    .orElseThrow()).value();
            javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(javax.crypto.Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(aesKey, "AES"),
                    new javax.crypto.spec.IvParameterSpec(new byte[16]));
            assertThat(new String(aes.doFinal(encrypted), java.nio.charset.StandardCharsets.UTF_16LE))
                    .isEqualTo("s3cret");
        }
    }

    /** The bodies of every message the client sent with Send that are of {@code type}. */
    private List<MessageBody> sent(Class<? extends MessageBody> type) {
        List<MessageBody> out = new ArrayList<>();
        for (ReplayTransport.Call c : host.calls(WsmanAction.SEND)) {
            for (StreamData s : ((SendRequest) c.body()).streams()) {
                for (PsrpMessage m : messages(s.data())) {
                    MessageBody b = CODEC.decode(m);
                    if (type.isInstance(b)) {
                        out.add(b);
                    }
                }
            }
        }
        return out;
    }

    /** The server's half of the key exchange: {@code aesKey} encrypted to the client's PUBLICKEYBLOB. */
    private static String simpleBlob(String publicKeyBlob, byte[] aesKey) {
        try {
            byte[] blob = Base64.getDecoder().decode(publicKeyBlob);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(blob).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.position(16);
            int exponent = b.getInt();
            byte[] modulus = reverse(java.util.Arrays.copyOfRange(blob, 20, blob.length));
            java.security.PublicKey rsa = java.security.KeyFactory.getInstance("RSA").generatePublic(
                    new java.security.spec.RSAPublicKeySpec(new java.math.BigInteger(1, modulus),
                            java.math.BigInteger.valueOf(exponent)));
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(javax.crypto.Cipher.ENCRYPT_MODE, rsa);
            byte[] wrapped = reverse(c.doFinal(aesKey));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.writeBytes(new byte[] {0x01, 0x02, 0x00, 0x00, 0x10, 0x66, 0x00, 0x00, 0x00, (byte) 0xA4, 0x00, 0x00});
            out.writeBytes(wrapped);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] reverse(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }

    @Test
    void garbageFromTheServerFailsThePipelineWithoutHanging() {
        try (RunspacePool pool = open(PoolOptions.DEFAULT)) {
            host.queueReceive(true, () -> new ReceiveResponse(List.of(new StreamData("stdout", host.commandId(),
                    "not a fragment at all, just text".getBytes(java.nio.charset.StandardCharsets.US_ASCII), false)),
                    CommandStateInfo.running(host.commandId())));
            Pipeline p = pool.start(PipelineRequest.script("echo hi"), PipelineListener.IGNORE);
            assertThatThrownBy(() -> p.await(WAIT)).isInstanceOf(PowerShellException.class)
                    .hasMessageContaining("invalid PSRP data");
        }
    }

    @Test
    void aPoolThatNeverOpensTimesOutAndIsDeleted() {
        PowerShellClient ps = PowerShellClient.over(() -> host, "Microsoft.PowerShell", 153600);
        assertThatThrownBy(() -> ps.open(PoolOptions.DEFAULT.withOpenTimeout(Duration.ofMillis(500))))
                .isInstanceOf(PowerShellException.class).hasMessageContaining("did not open within");
        assertThat(host.calls(WsmanAction.DELETE)).hasSize(1);
        assertThat(host.closed).isTrue();
    }

    @Test
    void operationsInTheWrongStateAreRefused() {
        RunspacePool pool = open(PoolOptions.DEFAULT);
        assertThatThrownBy(pool::reconnect).isInstanceOf(PowerShellException.class)
                .hasMessageContaining("not Disconnected");
        pool.disconnect();
        assertThat(pool.state()).isEqualTo(RunspacePoolState.DISCONNECTED);
        assertThatThrownBy(() -> pool.start(PipelineRequest.script("x"), null))
                .isInstanceOf(PowerShellException.class).hasMessageContaining("is Disconnected");
        assertThatThrownBy(pool::disconnect).isInstanceOf(PowerShellException.class);
        pool.close();
        assertThat(pool.state()).isEqualTo(RunspacePoolState.CLOSED);
        assertThat(host.calls(WsmanAction.DELETE)).as("a disconnected pool stays on the server").isEmpty();
    }

    private static void sleepUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
