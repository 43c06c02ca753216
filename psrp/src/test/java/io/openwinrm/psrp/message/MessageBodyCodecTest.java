package io.openwinrm.psrp.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.DateTimeKind;
import io.openwinrm.psrp.clixml.IntegerType;
import io.openwinrm.psrp.clixml.ListKind;
import io.openwinrm.psrp.clixml.PsBool;
import io.openwinrm.psrp.clixml.PsDateTime;
import io.openwinrm.psrp.clixml.PsDictionary;
import io.openwinrm.psrp.clixml.PsInteger;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.clixml.PsVersion;
import io.openwinrm.psrp.command.Command;
import io.openwinrm.psrp.command.CommandParameter;
import io.openwinrm.psrp.command.PowerShell;
import io.openwinrm.psrp.command.StreamMerges;
import io.openwinrm.psrp.stream.ErrorCategory;
import io.openwinrm.psrp.stream.ErrorRecord;
import io.openwinrm.psrp.stream.InformationRecord;
import io.openwinrm.psrp.stream.InformationalRecord;
import io.openwinrm.psrp.stream.ProgressRecord;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Typed bodies survive encode then decode; the shapes peers send are read; bad ones are refused by name. */
class MessageBodyCodecTest {
    private static final UUID POOL = UUID.fromString("76056a84-51dc-4f24-9262-ca2a55464b2b");
    private static final UUID PIPE = UUID.fromString("79590bbd-46e2-486a-85b0-70ea7049235e");
    private final MessageBodyCodec codec = new MessageBodyCodec();

    private MessageBody roundTrip(MessageBody body, UUID pid) {
        PsrpMessage m = body.type().get() == MessageType.SESSION_CAPABILITY
                ? codec.toMessage(body, Destination.SERVER, POOL, pid) : codec.toMessage(body, POOL, pid);
        PsrpMessage back = PsrpMessageCodec.decode(PsrpMessageCodec.encode(m));
        assertThat(back).isEqualTo(m);
        MessageBody decoded = codec.decode(back);
        assertThat(decoded).isEqualTo(body);
        return decoded;
    }

    @Test
    void everyTypedBodyRoundTrips() {
        ErrorRecord boom = ErrorRecord.of("boom", "MyErr", ErrorCategory.INVALID_OPERATION);
        PsObject psVersionTable = PsObject.builder().typeNames(List.of(
                "System.Management.Automation.PSPrimitiveDictionary", "System.Collections.Hashtable", "System.Object"))
                .container(new PsDictionary(List.of(new PsDictionary.Entry(new PsString("PSVersionTable"),
                        PsObject.builder().container(new PsDictionary(List.of(new PsDictionary.Entry(
                                new PsString("PSRemotingProtocolVersion"), PsVersion.of(2, 3))))).build()))))
                .build();
        List<MessageBody> pool = List.of(SessionCapability.WINDOWS_POWERSHELL_5_1,
                new InitRunspacePool(1, 5, PsThreadOptions.REUSE_THREAD, ApartmentState.MTA,
                        new HostInfo(false, false, true, false, PsObject.ofProperties(List.of())), psVersionTable),
                ConnectRunspacePool.KEEP_SIZES, new ConnectRunspacePool(1, 3), new RunspacePoolInitData(1, 1),
                RunspacePoolStateMessage.of(2), RunspacePoolStateMessage.broken(5, boom),
                new ApplicationPrivateData(psVersionTable), new ApplicationPrivateData(PsNull.INSTANCE),
                new SetMaxRunspaces(5, 1), new SetMinRunspaces(2, 2), new GetAvailableRunspaces(3),
                new ResetRunspaceState(4), new RunspaceAvailability(1, new PsBool(true)),
                new RunspaceAvailability(3, new PsInteger(IntegerType.INT64, 4)), new PublicKey("BgIAAACkAABSU0Ex"),
                new EncryptedSessionKey("AQIAABBmAAAApAAA"), new PublicKeyRequest(),
                new UserEvent(PsObject.ofProperties(List.of())),
                new GetCommandMetadata(PsObject.builder().extended("Name", new PsString("Get-*")).build()),
                new HostCall(HostScope.RUNSPACE_POOL, 1, 11, "ReadLine", List.of()),
                new HostResponse(HostScope.RUNSPACE_POOL, 1, 11, "ReadLine", new PsString("typed"), null));
        for (MessageBody b : pool) {
            roundTrip(b, DotNetGuid.NIL);
        }
        Command getItem = new Command("Get-Item", false, true, List.of(CommandParameter.named("Path",
                PsValue.of("C:\\")), CommandParameter.named("Force", PsNull.INSTANCE),
                CommandParameter.positional(PsValue.of(10))), new StreamMerges(0, 0, 3, 0, 0, 0, 0, null));
        List<MessageBody> pipeline = List.of(
                CreatePipeline.of(PowerShell.of(getItem, Command.cmdlet("Select-Object",
                        CommandParameter.named("First", PsValue.of(1))))),
                new CreatePipeline(false, ApartmentState.STA, 0, true, HostInfo.NULL_HOST, new PowerShell(
                        List.of(Command.script("echo hi")), List.of(List.of(Command.script("echo hi")),
                        List.of(Command.cmdlet("Get-Date"))), true, new PsString("h"), true), true),
                new PipelineInput(PsValue.of("in")), new EndOfPipelineInput(), new PipelineOutput(PsValue.of("hi")),
                ErrorRecordMessage.of(boom), PipelineStateMessage.of(4), PipelineStateMessage.withReason(5, boom),
                InformationalMessage.of(new InformationalRecord(InformationalRecord.Kind.WARNING, "careful")),
                InformationalMessage.of(new InformationalRecord(InformationalRecord.Kind.VERBOSE, "v")),
                InformationalMessage.of(new InformationalRecord(InformationalRecord.Kind.DEBUG, "d")),
                ProgressRecordMessage.of(new ProgressRecord("Copy", 1, "Copying", null, -1, 50, false, 10)),
                InformationRecordMessage.of(new InformationRecord(PsValue.of("info"), "src",
                        new PsDateTime(LocalDateTime.of(2026, 1, 2, 3, 4, 5), DateTimeKind.UTC, ZoneOffset.UTC),
                        List.of("PSHOST"), "me", "host", 42, 7, 1)),
                new HostCall(HostScope.PIPELINE, HostCall.VOID_CALL_ID, 16, "WriteLine2",
                        List.of(PsValue.of("text"))),
                new HostResponse(HostScope.PIPELINE, 2, 11, "ReadLine", null, boom.toPsObject()));
        for (MessageBody b : pipeline) {
            roundTrip(b, PIPE);
        }
    }

    @Test
    void typedViewsOfStreamRecords() {
        ErrorRecord boom = new ErrorRecord("no such item", List.of("System.Management.Automation.ItemNotFoundException",
                "System.Exception"), "PathNotFound,Get-Item", ErrorCategory.OBJECT_NOT_FOUND, "Get-Item",
                "ItemNotFoundException", "C:\\x", "String", PsValue.of("C:\\x"));
        ErrorRecordMessage m = (ErrorRecordMessage) roundTrip(ErrorRecordMessage.of(boom), PIPE);
        assertThat(m.errorRecord()).isEqualTo(boom);
        assertThat(boom.categoryMessage()).isEqualTo("ObjectNotFound: (C:\\x:String) [Get-Item], ItemNotFoundException");
        ProgressRecord p = new ProgressRecord("a", 3, "s", "op", 1, 20, true, -1);
        assertThat(ProgressRecordMessage.of(p).progressRecord()).isEqualTo(p);
        InformationalRecord w = new InformationalRecord(InformationalRecord.Kind.WARNING, "w");
        assertThat(InformationalMessage.of(w).informationalRecord()).isEqualTo(w);
        assertThat(InformationalMessage.of(w).type()).contains(MessageType.WARNING_RECORD);
    }

    @Test
    void peerVariantsAreRead() {
        // pypsrp writes the call id as "CI"; Windows answered GET_AVAILABLE_RUNSPACES with I32
        assertThat(decode(MessageType.SET_MAX_RUNSPACES,
                "<Obj RefId=\"0\"><MS><I32 N=\"MaxRunspaces\">5</I32><I64 N=\"CI\">1</I64></MS></Obj>"))
                .isEqualTo(new SetMaxRunspaces(5, 1));
        assertThat(decode(MessageType.RUNSPACE_AVAILABILITY,
                "<Obj RefId=\"0\"><MS><I32 N=\"SetMinMaxRunspacesResponse\">1</I32><I64 N=\"ci\">9</I64></MS></Obj>"))
                .isEqualTo(new RunspaceAvailability(9, new PsInteger(IntegerType.INT32, 1)));
        // the host call of psrp.md 3.3, verbatim shape
        HostCall call = (HostCall) decode(MessageType.PIPELINE_HOST_CALL, "<Obj RefId=\"0\"><MS><I64 N=\"ci\">1</I64>"
                + "<Obj N=\"mi\" RefId=\"1\"><TN RefId=\"0\"><T>System.Management.Automation.Remoting.RemoteHostMethodId"
                + "</T><T>System.Enum</T><T>System.ValueType</T><T>System.Object</T></TN><ToString>ReadLine</ToString>"
                + "<I32>11</I32></Obj><Obj N=\"mp\" RefId=\"2\"><TN RefId=\"1\"><T>System.Collections.ArrayList</T>"
                + "<T>System.Object</T></TN><LST /></Obj></MS></Obj>");
        assertThat(call).isEqualTo(new HostCall(HostScope.PIPELINE, 1, 11, "ReadLine", List.of()));
        assertThat(call.method()).contains(HostMethod.READ_LINE);
        assertThat(HostCall.of(HostScope.PIPELINE, 5, HostMethod.WRITE_LINE_2, List.of(PsValue.of("x"))).callId())
                .isEqualTo(HostCall.VOID_CALL_ID);
        assertThat(HostCall.of(HostScope.PIPELINE, 5, HostMethod.PROMPT_FOR_CREDENTIAL_1, List.of()).callId())
                .isEqualTo(5);
        assertThat(HostMethod.fromId(6)).contains(HostMethod.SET_SHOULD_EXIT);
        assertThat(HostMethod.fromId(56)).contains(HostMethod.PROMPT_FOR_CHOICE_MULTIPLE_SELECTION);
        assertThat(HostMethod.fromId(57)).isEmpty();
        // Windows writes a BOM; CONNECT_RUNSPACEPOOL may be empty
        assertThat(decode(MessageType.CONNECT_RUNSPACEPOOL, "\uFEFF")).isEqualTo(ConnectRunspacePool.KEEP_SIZES);
        assertThat(decode(MessageType.PIPELINE_OUTPUT, "")).isEqualTo(new PipelineOutput(PsNull.INSTANCE));
        assertThat(decode(MessageType.END_OF_PIPELINE_INPUT, "")).isEqualTo(new EndOfPipelineInput());
        // a pypsrp switch parameter: <Nil N="V" />
        CreatePipeline cp = (CreatePipeline) decode(MessageType.CREATE_PIPELINE, "<Obj RefId=\"0\"><MS>"
                + "<Obj N=\"PowerShell\" RefId=\"1\"><MS><Obj N=\"Cmds\" RefId=\"2\"><LST><Obj RefId=\"3\"><MS>"
                + "<S N=\"Cmd\">Get-Command</S><B N=\"IsScript\">false</B><Obj N=\"Args\" RefId=\"4\"><LST>"
                + "<Obj RefId=\"5\"><MS><S N=\"N\">All</S><Nil N=\"V\" /></MS></Obj></LST></Obj></MS></Obj></LST>"
                + "</Obj></MS></Obj></MS></Obj>");
        assertThat(cp.noInput()).isTrue();
        assertThat(cp.powerShell().commands()).singleElement().satisfies(c -> {
            assertThat(c.text()).isEqualTo("Get-Command");
            assertThat(c.parameters()).containsExactly(CommandParameter.named("All", PsNull.INSTANCE));
            assertThat(c.merges().error()).isNull();
        });
    }

    @Test
    void missingOrMistypedMembersAreNamed() {
        refused(MessageType.INIT_RUNSPACEPOOL, "<Obj RefId=\"0\"><MS><I32 N=\"MinRunspaces\">1</I32></MS></Obj>",
                PsrpError.INVALID_MESSAGE, "INIT_RUNSPACEPOOL: member MaxRunspaces is missing");
        refused(MessageType.SESSION_CAPABILITY, "<S>2.3</S>", PsrpError.INVALID_MESSAGE, "expected an <Obj>, found <S>");
        refused(MessageType.SESSION_CAPABILITY, "<Obj><MS><Version N=\"protocolversion\">2.3</Version>"
                + "<I32 N=\"PSVersion\">2</I32></MS></Obj>", PsrpError.INVALID_MESSAGE, "PSVersion is <I32>");
        refused(MessageType.CREATE_PIPELINE, "<Obj><MS /></Obj>", PsrpError.INVALID_MESSAGE,
                "member PowerShell is missing");
        refused(MessageType.INIT_RUNSPACEPOOL, "<Obj><MS><I32 N=\"MinRunspaces\">1</I32><I32 N=\"MaxRunspaces\">1"
                + "</I32><I32 N=\"ApartmentState\">7</I32></MS></Obj>", PsrpError.INVALID_MESSAGE, "ApartmentState 7");
        refused(MessageType.PIPELINE_STATE, "", PsrpError.INVALID_MESSAGE, "no data");
        refused(MessageType.PIPELINE_STATE, "<Obj><MS><Ref N=\"PipelineState\" RefId=\"3\" /></MS></Obj>",
                PsrpError.MALFORMED_CLIXML, "PIPELINE_STATE: dangling reference");
    }

    @Test
    void versionNegotiationAndPrivateData() {
        SessionCapability v3 = new SessionCapability(PsVersion.of(3, 0), PsVersion.of(2, 0), new PsVersion(1, 1, 0, 1),
                null);
        assertThatThrownBy(v3::requireCompatible).isInstanceOfSatisfying(PsrpException.class,
                e -> assertThat(e.error()).isEqualTo(PsrpError.UNSUPPORTED_VERSION))
                .hasMessageContaining("protocol version 3.0 (2.x needed)");
        ApplicationPrivateData apd = ApplicationPrivateData.withPsVersionTable(java.util.Map.of(
                "PSRemotingProtocolVersion", PsVersion.of(2, 3)));
        ApplicationPrivateData back = (ApplicationPrivateData) roundTrip(apd, DotNetGuid.NIL);
        assertThat(back.psVersionTable().orElseThrow().get("PSRemotingProtocolVersion")).contains(PsVersion.of(2, 3));
        assertThat(new ApplicationPrivateData(PsNull.INSTANCE).psVersionTable()).isEmpty();
    }

    @Test
    void headerErrors() {
        assertThatThrownBy(() -> PsrpMessageCodec.decode(new byte[39])).isInstanceOf(PsrpException.class)
                .hasMessageContaining("40-byte header");
        byte[] m = PsrpMessageCodec.encode(new PsrpMessage(Destination.CLIENT, MessageType.PIPELINE_OUTPUT, POOL,
                PIPE, new byte[0]));
        m[0] = 3;
        assertThatThrownBy(() -> PsrpMessageCodec.decode(m)).isInstanceOfSatisfying(PsrpException.class,
                e -> assertThat(e.error()).isEqualTo(PsrpError.MALFORMED_MESSAGE)).hasMessageContaining("destination 3");
    }

    @Test
    void dotNetGuidOrder() {
        UUID id = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        assertThat(DotNetGuid.toBytes(id)).containsExactly(0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99,
                0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF);
        assertThat(DotNetGuid.fromBytes(DotNetGuid.toBytes(id))).isEqualTo(id);
    }

    @Test
    void capabilityCarriesTimeZoneWhenPresent() {
        SessionCapability c = new SessionCapability(PsVersion.of(2, 4), PsVersion.of(2, 0), new PsVersion(1, 1, 0, 1),
                new io.openwinrm.psrp.clixml.PsBytes(new byte[] {0, 1}));
        roundTrip(c, DotNetGuid.NIL);
        assertThat(codec.toMessage(c, Destination.CLIENT, DotNetGuid.NIL, DotNetGuid.NIL).destination())
                .isEqualTo(Destination.CLIENT);
        assertThatThrownBy(() -> codec.toMessage(c, POOL, DotNetGuid.NIL)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PsObject.ofList(List.of(), ListKind.LIST, List.of()).listItems()).isEmpty();
    }

    private MessageBody decode(MessageType type, String xml) {
        return codec.decode(new PsrpMessage(type.destination().orElse(Destination.SERVER), type, POOL, PIPE,
                xml.getBytes(StandardCharsets.UTF_8)));
    }

    private void refused(MessageType type, String xml, PsrpError error, String text) {
        assertThatThrownBy(() -> decode(type, xml)).isInstanceOfSatisfying(PsrpException.class,
                e -> assertThat(e.error()).isEqualTo(error)).hasMessageContaining(text);
    }

}
