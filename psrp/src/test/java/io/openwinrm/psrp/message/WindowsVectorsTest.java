package io.openwinrm.psrp.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.psrp.clixml.PsDictionary;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsVersion;
import io.openwinrm.psrp.command.Command;
import io.openwinrm.psrp.command.CommandParameter;
import io.openwinrm.psrp.command.StreamMerges;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.fragment.FragmentCodec;
import io.openwinrm.psrp.fragment.Fragmenter;
import io.openwinrm.psrp.testing.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every PSRP message recorded from Windows (shared/vectors/windows/psrp-*.xml) decodes, and re-encodes. */
class WindowsVectorsTest {
    private final MessageBodyCodec codec = new MessageBodyCodec();

    private List<PsrpMessage> messages(String file) {
        List<PsrpMessage> out = new ArrayList<>();
        for (Vectors.Payload p : Vectors.payloads(file)) {
            for (byte[] object : new Defragmenter().feed(p.bytes())) {
                out.add(PsrpMessageCodec.decode(object));
            }
        }
        return out;
    }

    @Test
    void everyPayloadDecodesToKnownTypedMessagesAndRoundTrips() {
        List<Vectors.Payload> payloads = Vectors.allPayloads();
        assertThat(payloads).hasSize(9);
        int messages = 0;
        for (Vectors.Payload p : payloads) {
            assertThat(FragmentCodec.decodeAll(p.bytes(), 1 << 20)).as(p.toString()).isNotEmpty();
            for (byte[] object : new Defragmenter().feed(p.bytes())) {
                PsrpMessage m = PsrpMessageCodec.decode(object);
                assertThat(PsrpMessageCodec.encode(m)).as(p.toString()).isEqualTo(object);
                MessageBody body = codec.decode(m);
                assertThat(body).as(p.toString()).isNotInstanceOf(UnknownMessage.class);
                assertThat(body.typeCode()).isEqualTo(m.typeCode());
                // semantic round trip: our encoding decodes to the same typed body
                PsrpMessage again = codec.toMessage(body, m.destination(), m.runspacePoolId(), m.pipelineId());
                assertThat(codec.decode(PsrpMessageCodec.decode(PsrpMessageCodec.encode(again)))).as(p.toString())
                        .isEqualTo(body);
                // and survives our own fragmenting at a small size
                byte[] wire = new Fragmenter(64).fragmentToBytes(PsrpMessageCodec.encode(again));
                assertThat(new Defragmenter().feed(wire)).singleElement()
                        .isEqualTo(PsrpMessageCodec.encode(again));
                messages++;
            }
        }
        assertThat(messages).isEqualTo(12);
    }

    @Test
    void createCarriesCapabilityAndInitRunspacePool() {
        List<PsrpMessage> m = messages("psrp-create.request.xml");
        assertThat(m).hasSize(2);
        assertThat(m.get(0).destination()).isEqualTo(Destination.SERVER);
        // old pypsrp wrote the ShellId in RFC order; read in .NET order it is this GUID, and the bytes round-trip
        assertThat(m.get(0).runspacePoolId()).isEqualTo(UUID.fromString("846a0576-dc51-244f-9262-ca2a55464b2b"));
        assertThat(m.get(0).isPoolMessage()).isTrue();
        SessionCapability cap = (SessionCapability) codec.decode(m.get(0));
        assertThat(cap.protocolVersion()).isEqualTo(PsVersion.of(2, 3));
        assertThat(cap.psVersion()).isEqualTo(PsVersion.of(2, 0));
        assertThat(cap.serializationVersion()).isEqualTo(PsVersion.parse("1.1.0.1"));
        assertThat(cap).isEqualTo(SessionCapability.WINDOWS_POWERSHELL_5_1);
        InitRunspacePool init = (InitRunspacePool) codec.decode(m.get(1));
        assertThat(init.minRunspaces()).isEqualTo(1);
        assertThat(init.maxRunspaces()).isEqualTo(1);
        assertThat(init.threadOptions()).isEqualTo(PsThreadOptions.DEFAULT);
        assertThat(init.apartmentState()).isEqualTo(ApartmentState.UNKNOWN);
        assertThat(init.hostInfo()).isEqualTo(HostInfo.NULL_HOST);
        assertThat(init.applicationArguments()).isEqualTo(PsNull.INSTANCE);
    }

    @Test
    void commandCarriesCreatePipelineWithBatch() {
        List<PsrpMessage> m = messages("psrp-command.request.xml");
        assertThat(m).singleElement().satisfies(msg -> {
            assertThat(msg.type()).contains(MessageType.CREATE_PIPELINE);
            assertThat(msg.isPoolMessage()).isFalse();
        });
        CreatePipeline cp = (CreatePipeline) codec.decode(m.get(0));
        assertThat(cp.noInput()).isTrue();
        assertThat(cp.remoteStreamOptions()).isEqualTo(15);
        assertThat(cp.isNested()).isFalse();
        Command sleep = new Command("Start-Sleep", false, null,
                List.of(CommandParameter.named("Seconds", io.openwinrm.psrp.clixml.PsValue.of(10))), StreamMerges.NONE);
        assertThat(cp.powerShell().commands()).containsExactly(sleep);
        assertThat(cp.powerShell().statements()).hasSize(2);
        assertThat(cp.powerShell().statements().get(1)).singleElement().satisfies(c -> {
            assertThat(c.text()).isEqualTo("echo hi");
            assertThat(c.isScript()).isTrue();
            assertThat(c.parameters()).isEmpty();
        });
    }

    @Test
    void serverCapabilityPrivateDataAndState() {
        List<PsrpMessage> m = messages("psrp-receive-capability.response.xml");
        assertThat(m).hasSize(2);
        assertThat(m.get(0).destination()).isEqualTo(Destination.CLIENT);
        assertThat(m.get(0).runspacePoolId()).isEqualTo(DotNetGuid.NIL);
        assertThat(codec.decode(m.get(0))).isEqualTo(SessionCapability.WINDOWS_POWERSHELL_5_1);
        assertThat(SessionCapability.WINDOWS_POWERSHELL_5_1.requireCompatible()).isNotNull();
        ApplicationPrivateData apd = (ApplicationPrivateData) codec.decode(m.get(1));
        PsDictionary table = apd.psVersionTable().orElseThrow();
        assertThat(table.get("PSVersion")).contains(PsVersion.parse("5.1.14393.2248"));
        assertThat(table.get("psremotingprotocolversion")).contains(PsVersion.of(2, 3));
        assertThat(table.get("PSEdition")).contains(new PsString("Desktop"));
        assertThat(((PsObject) table.get("PSCompatibleVersions").orElseThrow()).listItems()).hasSize(6);

        RunspacePoolStateMessage state = (RunspacePoolStateMessage) codec.decode(
                messages("psrp-receive-opened.response.xml").get(0));
        assertThat(state.state()).isEqualTo(2);
        assertThat(state.reason()).isEmpty();
    }

    @Test
    void outputAndPipelineState() {
        List<PsrpMessage> m = messages("psrp-receive-output.response.xml");
        assertThat(m).hasSize(2);
        assertThat(m.get(0).pipelineId()).isEqualTo(UUID.fromString("bd0b5979-e246-6a48-85b0-70ea7049235e"));
        assertThat(DotNetGuid.toBytes(m.get(0).pipelineId())).startsWith(0x79, 0x59, 0x0B, 0xBD);
        assertThat(codec.decode(m.get(0))).isEqualTo(new PipelineOutput(new PsString("hi")));
        assertThat(codec.decode(m.get(1))).isEqualTo(PipelineStateMessage.of(4));
    }

    @Test
    void connectAndConnectResponse() {
        List<PsrpMessage> request = messages("psrp-connect.request.xml");
        assertThat(request).extracting(this::decodeType).containsExactly(MessageType.SESSION_CAPABILITY,
                MessageType.CONNECT_RUNSPACEPOOL);
        assertThat(codec.decode(request.get(1))).isEqualTo(ConnectRunspacePool.KEEP_SIZES);
        List<PsrpMessage> response = messages("psrp-connect.response.xml");
        assertThat(response.get(0).runspacePoolId()).isNotEqualTo(DotNetGuid.NIL);
        assertThat(codec.decode(response.get(1))).isEqualTo(new RunspacePoolInitData(1, 1));
    }

    private MessageType decodeType(PsrpMessage m) {
        return codec.decode(m).type().orElseThrow();
    }
}
