package io.openwinrm.protocol.codec;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.BufferMode;
import io.openwinrm.protocol.shell.CommandInfo;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.ConnectResponse;
import io.openwinrm.protocol.shell.ConnectionState;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.DroppedOutput;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.EnumerationFilter;
import io.openwinrm.protocol.shell.IdentifyRequest;
import io.openwinrm.protocol.shell.IdentifyResponse;
import io.openwinrm.protocol.shell.PullRequest;
import io.openwinrm.protocol.shell.PullResponse;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.ReconnectRequest;
import io.openwinrm.protocol.shell.ReleaseRequest;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.SendResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.shell.SignalResponse;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.UnsupportedBody;
import io.openwinrm.protocol.wsman.Durations;
import io.openwinrm.protocol.wsman.Namespaces;
import io.openwinrm.protocol.wsman.Selector;
import io.openwinrm.protocol.wsman.SelectorSet;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import javax.xml.stream.XMLStreamException;

/**
 * Reads the first element of {@code s:Body} into a message record. The element (namespace + local name) decides
 * the type; only {@code rsp:Shell} is ambiguous (Create request vs Get response) and uses the Action.
 */
final class BodyReader {
    /** The text elements of rsp:Shell read by {@link #readShell()}; others (open content) are skipped. */
    private static final Set<String> SHELL_FIELDS = Set.of("Name", "ResourceUri", "Owner", "ClientIP", "ProcessId",
            "WorkingDirectory", "IdleTimeOut", "InputStreams", "OutputStreams", "MaxIdleTimeOut", "Locale", "DataLocale",
            "CompressionMode", "ProfileLoaded", "Encoding", "BufferMode", "State", "ShellRunTime", "ShellInactivity",
            "MemoryUsed", "ChildProcesses");

    /**
     * Children of {@code rsp:Shell} ([MS-WSMV] 2.2.4.37) that are valid in a Create request but describe an existing
     * shell, so a Create ignores them. Any other child in the shell namespace is invalid; children in other
     * namespaces are the schema's open content ({@code xs:any namespace="##other"}, e.g. PSRP's creationXml).
     */
    private static final Set<String> CREATE_IGNORED_FIELDS = Set.of("ShellId", "ResourceUri", "Owner", "ClientIP",
            "ProcessId", "MaxIdleTimeOut", "Locale", "DataLocale", "CompressionMode", "ProfileLoaded", "Encoding",
            "BufferMode", "State", "ShellRunTime", "ShellInactivity", "MemoryUsed", "ChildProcesses");

    private final XmlIn in;

    BodyReader(XmlIn in) {
        this.in = in;
    }

    /** Positioned on the body's first child START_ELEMENT; returns on its END_ELEMENT (or later, for Create). */
    Body read(String action) throws XMLStreamException {
        String ns = in.nsUri();
        String local = in.localName();
        if (ns.equals(Namespaces.SHELL)) {
            return switch (local) {
                case "Shell" -> {
                    if (WsmanAction.GET.responseUri().equals(action)) {
                        yield readShell();
                    }
                    yield WsmanAction.CREATE.responseUri().equals(action) ? readShellInfo(null) : readCreateShell();
                }
                case "CommandLine" -> readCommandLine();
                case "CommandResponse" -> readCommandResponse();
                case "Send" -> new SendRequest(readSendStreams());
                case "SendResponse" -> skipAnd(new SendResponse());
                case "Receive" -> readReceive();
                case "ReceiveResponse" -> readReceiveResponse();
                case "Signal" -> readSignal();
                case "SignalResponse" -> skipAnd(new SignalResponse());
                case "Disconnect" -> readDisconnect();
                case "Reconnect" -> skipAnd(new ReconnectRequest());
                case "Connect" -> readConnect();
                case "ConnectResponse" -> readConnectResponse();
                default -> unsupported();
            };
        }
        if (ns.equals(Namespaces.ENUMERATION)) {
            if (local.equals("Enumerate")) {
                return readEnumerate();
            }
            if (local.equals("EnumerateResponse")) {
                return readEnumerateResponse();
            }
            if (local.equals("Pull")) {
                return readPull();
            }
            if (local.equals("PullResponse")) {
                return readPullResponse();
            }
            if (local.equals("Release")) {
                return new ReleaseRequest(readContextOnly("Release"));
            }
        }
        if (ns.equals(Namespaces.CONFIG) && local.equals("Config")) {
            return ConfigCodec.read(in);
        }
        if (ns.equals(Namespaces.TRANSFER) && local.equals("ResourceCreated")) {
            return readResourceCreated();
        }
        if (Namespaces.isWsmid(ns)) {
            if (local.equals("Identify")) {
                return skipAnd(new IdentifyRequest());
            }
            if (local.equals("IdentifyResponse")) {
                return readIdentifyResponse();
            }
        }
        if (ns.equals(Namespaces.SOAP12) && local.equals("Fault")) {
            return new FaultReader(in).read();
        }
        return unsupported();
    }

    /**
     * A child that the schema of a shell request does not define ([MS-WSMV] 2.2.4.7 CommandLine, 2.2.4.26
     * Receive/DesiredStream, Send/Stream, 2.2.4.38 Signal, 2.2.4.37 Shell): Windows validates the body and answers
     * w:SchemaValidationError naming the element, e.g. for a misspelt {@code rsp:Argument}.
     */
    private WsmanFaultException invalidElement() {
        return XmlIn.schema("The SOAP packet contains an element " + in.localName() + " that is invalid. ");
    }

    private Body unsupported() throws XMLStreamException {
        UnsupportedBody b = new UnsupportedBody(in.name());
        in.skipElement();
        return b;
    }

    private Body skipAnd(Body b) throws XMLStreamException {
        in.skipElement();
        return b;
    }

    private CreateShell readCreateShell() throws XMLStreamException {
        String shellId = in.attr("ShellId");
        List<String> input = List.of();
        List<String> output = List.of();
        String workingDirectory = null;
        Map<String, String> env = new LinkedHashMap<>();
        Optional<Duration> idle = Optional.empty();
        Optional<Duration> lifetime = Optional.empty();
        String name = null;
        String creationXml = null;
        while (in.nextChild()) {
            if (in.nsUri().equals(Namespaces.SHELL)) {
                switch (in.localName()) {
                    case "InputStreams" -> input = StreamNames.split(in.text());
                    case "OutputStreams" -> output = StreamNames.split(in.text());
                    case "WorkingDirectory" -> workingDirectory = in.text().strip();
                    case "Environment" -> readEnvironment(env);
                    case "IdleTimeOut" -> idle = Optional.of(duration(in.text(), "IdleTimeOut"));
                    case "Lifetime" -> lifetime = Optional.of(duration(in.text(), "Lifetime"));
                    case "Name" -> name = in.text().strip();
                    default -> {
                        if (!CREATE_IGNORED_FIELDS.contains(in.localName())) {
                            throw invalidElement();
                        }
                        in.skipElement();
                    }
                }
            } else if (in.is(Namespaces.POWERSHELL, "creationXml")) {
                creationXml = in.text().strip();
            } else {
                in.skipElement();
            }
        }
        return new CreateShell(shellId, input, output, workingDirectory, env, idle, lifetime, name, creationXml);
    }

    private void readEnvironment(Map<String, String> env) throws XMLStreamException {
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "Variable")) {
                String name = in.attr("Name");
                if (name == null || name.isEmpty()) {
                    throw XmlIn.schema("An environment Variable has no Name attribute.");
                }
                env.put(name, in.text());
            } else {
                throw invalidElement();
            }
        }
    }

    private static Duration duration(String text, String what) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw XmlIn.schema("The value of " + what + " is not a valid xs:duration: " + text.strip());
        }
    }

    /** Create response: the ResourceCreated EPR; the rsp:Shell sibling is merged by the caller. */
    private ShellCreated readResourceCreated() throws XMLStreamException {
        String address = null;
        String resourceUri = null;
        String shellId = null;
        while (in.nextChild()) {
            if (in.is(Namespaces.ADDRESSING, "Address")) {
                address = in.text().strip();
            } else if (in.is(Namespaces.ADDRESSING, "ReferenceParameters")) {
                while (in.nextChild()) {
                    if (in.is(Namespaces.WSMAN, "ResourceURI")) {
                        resourceUri = in.text().strip();
                    } else if (in.is(Namespaces.WSMAN, "SelectorSet")) {
                        while (in.nextChild()) {
                            if (in.is(Namespaces.WSMAN, "Selector")
                                    && SelectorSet.SHELL_ID.equalsIgnoreCase(in.attr("Name"))) {
                                shellId = in.text().strip();
                            } else {
                                in.skipElement();
                            }
                        }
                    } else {
                        in.skipElement();
                    }
                }
            } else {
                in.skipElement();
            }
        }
        return new ShellCreated(shellId, resourceUri, address, null, null, Optional.empty(), List.of(), List.of());
    }

    /** {@code rsp:Shell} of a Create response; {@code base} supplies EPR values. */
    ShellCreated readShellInfo(ShellCreated base) throws XMLStreamException {
        String shellId = base == null ? null : base.shellId();
        String resourceUri = base == null ? null : base.resourceUri();
        String address = base == null ? null : base.address();
        String owner = null;
        String clientIp = null;
        String workingDirectory = null;
        Optional<Duration> idle = Optional.empty();
        List<String> input = List.of();
        List<String> output = List.of();
        while (in.nextChild()) {
            if (!in.nsUri().equals(Namespaces.SHELL)) {
                in.skipElement();
                continue;
            }
            switch (in.localName()) {
                case "ShellId" -> {
                    String id = in.text().strip();
                    if (shellId == null) {
                        shellId = id;
                    }
                }
                case "ResourceUri" -> {
                    String uri = in.text().strip();
                    if (resourceUri == null) {
                        resourceUri = uri;
                    }
                }
                case "Owner" -> owner = in.text().strip();
                case "ClientIP" -> clientIp = in.text().strip();
                case "WorkingDirectory" -> workingDirectory = in.text().strip();
                case "IdleTimeOut" -> idle = Optional.of(duration(in.text(), "IdleTimeOut"));
                case "InputStreams" -> input = StreamNames.split(in.text());
                case "OutputStreams" -> output = StreamNames.split(in.text());
                default -> in.skipElement();
            }
        }
        return new ShellCreated(shellId, resourceUri, address, owner, clientIp, workingDirectory, idle, input,
                output);
    }

    private CommandRequest readCommandLine() throws XMLStreamException {
        String commandId = in.attr("CommandId");
        String command = null;
        List<String> args = new ArrayList<>();
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "Command")) {
                command = in.text();
            } else if (in.is(Namespaces.SHELL, "Arguments")) {
                args.add(in.text());
            } else {
                throw invalidElement();
            }
        }
        if (command == null) {
            throw XmlIn.schema("The CommandLine element has no Command child.");
        }
        return new CommandRequest(commandId, command.strip(), args);
    }

    private CommandResponse readCommandResponse() throws XMLStreamException {
        String id = null;
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "CommandId")) {
                id = in.text().strip();
            } else {
                in.skipElement();
            }
        }
        if (id == null) {
            throw XmlIn.schema("The CommandResponse element has no CommandId child.");
        }
        return new CommandResponse(id);
    }

    /** {@code rsp:Send}: rsp:Stream children only. */
    private List<StreamData> readSendStreams() throws XMLStreamException {
        List<StreamData> list = new ArrayList<>();
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "Stream")) {
                list.add(readStream());
            } else {
                throw invalidElement();
            }
        }
        return list;
    }

    private StreamData readStream() throws XMLStreamException {
        String name = in.attr("Name");
        if (name == null || name.isBlank()) {
            throw XmlIn.schema("A Stream element has no Name attribute.");
        }
        String commandId = in.attr("CommandId");
        String end = in.attr("End");
        boolean isEnd = end != null && XmlIn.parseBoolean(end, "End");
        byte[] data = base64(in);
        return StreamData.owning(name.strip(), commandId == null ? null : commandId.strip(), data, isEnd);
    }

    /** The base64 content of the current element, decoded with the JDK's (intrinsified) decoder. */
    private static byte[] base64(XmlIn in) throws XMLStreamException {
        try {
            return in.base64();
        } catch (IllegalArgumentException e) {
            throw new WsmanFaultException(FaultKind.INVALID_PARAMETER,
                    "The Stream content is not valid base64: " + e.getMessage());
        }
    }

    static byte[] base64(String text) {
        String compact = text.indexOf(' ') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0
                && text.indexOf('\t') < 0 ? text : text.replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new WsmanFaultException(FaultKind.INVALID_PARAMETER,
                    "The Stream content is not valid base64: " + e.getMessage());
        }
    }

    private ReceiveRequest readReceive() throws XMLStreamException {
        OptionalLong sequenceId = sequenceId(in.attr("SequenceId"));
        String commandId = null;
        List<String> streams = List.of();
        boolean found = false;
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "DesiredStream")) {
                commandId = in.attr("CommandId");
                streams = StreamNames.split(in.text());
                found = true;
            } else {
                throw invalidElement();
            }
        }
        if (!found) {
            throw XmlIn.schema("The Receive element has no DesiredStream child.");
        }
        return new ReceiveRequest(commandId == null ? null : commandId.strip(), streams, sequenceId);
    }

    /** {@code SequenceId} of Receive / ReceiveResponse: xs:unsignedLong ([MS-WSMV] 2.2.4.27, 4.7.3); null → empty. */
    private static OptionalLong sequenceId(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        String v = value.strip();
        try {
            if (v.startsWith("+") || v.startsWith("-")) {
                throw new NumberFormatException(v);
            }
            return OptionalLong.of(Long.parseUnsignedLong(v));
        } catch (NumberFormatException e) {
            throw XmlIn.schema("The SequenceId attribute is not an unsigned 64-bit integer: " + v);
        }
    }

    private ReceiveResponse readReceiveResponse() throws XMLStreamException {
        String seq = in.attr("SequenceId");
        OptionalLong sequenceId = sequenceId(seq != null ? seq : in.attr("SequenceID"));
        List<StreamData> streams = new ArrayList<>();
        CommandStateInfo state = null;
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "Stream")) {
                streams.add(readStream());
            } else if (in.is(Namespaces.SHELL, "CommandState")) {
                state = readCommandState();
            } else {
                in.skipElement();
            }
        }
        return new ReceiveResponse(streams, state, sequenceId);
    }

    private CommandStateInfo readCommandState() throws XMLStreamException {
        String commandId = in.attr("CommandId");
        String stateUri = in.attr("State");
        CommandState state = CommandState.fromUri(stateUri)
                .orElseThrow(() -> XmlIn.schema("Unknown CommandState: " + stateUri));
        OptionalInt exit = OptionalInt.empty();
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "ExitCode")) {
                String t = in.text().strip();
                try {
                    exit = OptionalInt.of((int) Long.parseLong(t));
                } catch (NumberFormatException e) {
                    throw XmlIn.schema("Invalid ExitCode: " + t);
                }
            } else {
                in.skipElement();
            }
        }
        return new CommandStateInfo(commandId, state, exit);
    }

    private SignalRequest readSignal() throws XMLStreamException {
        String commandId = in.attr("CommandId");
        String code = null;
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "Code")) {
                code = in.text().strip();
            } else {
                throw invalidElement();
            }
        }
        if (code == null) {
            throw XmlIn.schema("The Signal element has no Code child.");
        }
        return new SignalRequest(commandId == null ? null : commandId.strip(), code);
    }

    private DisconnectRequest readDisconnect() throws XMLStreamException {
        Optional<Duration> idle = Optional.empty();
        Optional<BufferMode> mode = Optional.empty();
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "IdleTimeOut")) {
                idle = Optional.of(duration(in.text(), "IdleTimeOut"));
            } else if (in.is(Namespaces.SHELL, "BufferMode")) {
                String text = in.text();
                mode = Optional.of(BufferMode.fromWire(text).orElseThrow(() -> XmlIn.schema(
                        "The value of BufferMode must be Block or Drop, not '" + text.strip() + "'.")));
            } else {
                in.skipElement();
            }
        }
        return new DisconnectRequest(idle, mode);
    }

    /** {@code n:Enumerate}: OptimizeEnumeration, MaxElements and the filter; anything else is skipped. */
    private EnumerateRequest readEnumerate() throws XMLStreamException {
        boolean optimize = false;
        OptionalInt max = OptionalInt.empty();
        Optional<EnumerationFilter> filter = Optional.empty();
        while (in.nextChild()) {
            if (in.is(Namespaces.WSMAN, "OptimizeEnumeration")) {
                optimize = true;
                in.skipElement();
            } else if (in.is(Namespaces.WSMAN, "MaxElements")) {
                max = OptionalInt.of(maxElements(in.text()));
            } else if (in.is(Namespaces.WSMAN, "Filter") || in.is(Namespaces.ENUMERATION, "Filter")) {
                filter = Optional.of(readFilter());
            } else {
                in.skipElement();
            }
        }
        return new EnumerateRequest(optimize, max, filter);
    }

    /** A filter: its dialect, and the selectors of a SelectorFilter (DSP0226 ANNEX E); other content is skipped. */
    private EnumerationFilter readFilter() throws XMLStreamException {
        boolean wsman = in.nsUri().equals(Namespaces.WSMAN);
        String dialect = in.attr("Dialect");
        List<Selector> selectors = new ArrayList<>();
        if (dialect == null || !EnumerationFilter.SELECTOR_DIALECT.equals(dialect.strip())) {
            in.skipElement();
            return new EnumerationFilter(wsman, dialect);
        }
        while (in.nextChild()) {
            if (in.is(Namespaces.WSMAN, "SelectorSet")) {
                while (in.nextChild()) {
                    if (in.is(Namespaces.WSMAN, "Selector")) {
                        String name = in.attr("Name");
                        if (name == null || name.isBlank()) {
                            throw XmlIn.schema("A Selector of the Filter has no Name attribute.");
                        }
                        selectors.add(new Selector(name.strip(), in.text().strip()));
                    } else {
                        in.skipElement();
                    }
                }
            } else {
                in.skipElement();
            }
        }
        return new EnumerationFilter(wsman, dialect, new SelectorSet(selectors));
    }

    private static int maxElements(String text) {
        String t = text.strip();
        int n;
        try {
            n = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw XmlIn.schema("Invalid MaxElements: " + t);
        }
        if (n < 1) {
            throw XmlIn.schema("MaxElements must be positive: " + t);
        }
        return n;
    }

    /** {@code n:Pull}: EnumerationContext (required) and MaxElements; MaxTime and MaxCharacters are skipped. */
    private PullRequest readPull() throws XMLStreamException {
        String context = null;
        OptionalInt max = OptionalInt.empty();
        while (in.nextChild()) {
            if (in.is(Namespaces.ENUMERATION, "EnumerationContext")) {
                context = in.text();
            } else if (in.is(Namespaces.ENUMERATION, "MaxElements")) {
                max = OptionalInt.of(maxElements(in.text()));
            } else {
                in.skipElement();
            }
        }
        if (context == null) {
            throw XmlIn.schema("The Pull element has no EnumerationContext child.");
        }
        return new PullRequest(context, max);
    }

    /** The required EnumerationContext child of {@code n:Release}. */
    private String readContextOnly(String parent) throws XMLStreamException {
        String context = null;
        while (in.nextChild()) {
            if (in.is(Namespaces.ENUMERATION, "EnumerationContext")) {
                context = in.text();
            } else {
                in.skipElement();
            }
        }
        if (context == null) {
            throw XmlIn.schema("The " + parent + " element has no EnumerationContext child.");
        }
        return context;
    }

    /** {@code n:PullResponse} whose items are shells. */
    private PullResponse readPullResponse() throws XMLStreamException {
        EnumerateResponse r = readEnumerateResponse();
        return new PullResponse(r.enumerationContext(), r.items(), r.endOfSequence(), r.commands());
    }

    /** {@code n:EnumerateResponse} whose items are shells; other items are skipped. */
    private EnumerateResponse readEnumerateResponse() throws XMLStreamException {
        String context = null;
        List<ShellInfo> items = new ArrayList<>();
        List<CommandInfo> commands = new ArrayList<>();
        boolean end = false;
        while (in.nextChild()) {
            if (in.is(Namespaces.ENUMERATION, "EnumerationContext")) {
                context = in.text();
            } else if (in.is(Namespaces.WSMAN, "Items") || in.is(Namespaces.ENUMERATION, "Items")) {
                while (in.nextChild()) {
                    if (in.is(Namespaces.SHELL, "Shell")) {
                        items.add(readShell());
                    } else if (in.is(Namespaces.SHELL, "Command")) {
                        commands.add(readCommandItem());
                    } else {
                        in.skipElement();
                    }
                }
            } else if (in.is(Namespaces.WSMAN, "EndOfSequence") || in.is(Namespaces.ENUMERATION, "EndOfSequence")) {
                end = true;
                in.skipElement();
            } else {
                in.skipElement();
            }
        }
        return new EnumerateResponse(context, items, end, commands);
    }

    /** {@code rsp:Command} of an enumeration of a shell's commands: CommandId and CommandState. */
    private CommandInfo readCommandItem() throws XMLStreamException {
        String id = null;
        CommandState state = null;
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "CommandId")) {
                id = in.text().strip();
            } else if (in.is(Namespaces.SHELL, "CommandState")) {
                String t = in.text();
                state = CommandState.fromUri(t).orElseThrow(() -> XmlIn.schema("Unknown CommandState: " + t.strip()));
            } else {
                in.skipElement();
            }
        }
        if (id == null || state == null) {
            throw XmlIn.schema("A Command item needs CommandId and CommandState.");
        }
        return new CommandInfo(id, state);
    }

    /** A complete {@code rsp:Shell} of a Get response or an Enumerate item ([MS-WSMV] 2.2.4.37). */
    private ShellInfo readShell() throws XMLStreamException {
        String shellId = in.attr("ShellId");
        Map<String, String> fields = new LinkedHashMap<>();
        List<DroppedOutput> dropped = new ArrayList<>();
        while (in.nextChild()) {
            if (in.is(Namespaces.OPENWINRM_SHELL, "DroppedOutput")) {
                dropped.add(readDroppedOutput());
            } else if (in.is(Namespaces.SHELL, "ShellId")) {
                shellId = in.text().strip();
            } else if (in.nsUri().equals(Namespaces.SHELL) && SHELL_FIELDS.contains(in.localName())) {
                String local = in.localName();
                fields.put(local, in.text().strip());
            } else {
                in.skipElement();
            }
        }
        ShellInfo.Builder b = ShellInfo.builder(shellId);
        fields.forEach((local, text) -> setShellField(b, local, text));
        return b.droppedOutput(dropped).build();
    }

    private static void setShellField(ShellInfo.Builder b, String local, String text) {
        switch (local) {
            case "Name" -> b.name(text);
            case "ResourceUri" -> b.resourceUri(text);
            case "Owner" -> b.owner(text);
            case "ClientIP" -> b.clientIp(text);
            case "ProcessId" -> b.processId(number(text, "ProcessId"));
            case "WorkingDirectory" -> b.workingDirectory(text);
            case "IdleTimeOut" -> b.idleTimeout(duration(text, "IdleTimeOut"));
            case "InputStreams" -> b.inputStreams(StreamNames.split(text));
            case "OutputStreams" -> b.outputStreams(StreamNames.split(text));
            case "MaxIdleTimeOut" -> b.maxIdleTimeout(duration(text, "MaxIdleTimeOut"));
            case "Locale" -> b.locale(text);
            case "DataLocale" -> b.dataLocale(text);
            case "CompressionMode" -> b.compressionMode(text);
            case "ProfileLoaded" -> b.profileLoaded(text);
            case "Encoding" -> b.encoding(text);
            case "BufferMode" -> BufferMode.fromWire(text).ifPresent(b::bufferMode);
            case "State" -> ConnectionState.fromWire(text).ifPresent(b::state);
            case "ShellRunTime" -> b.shellRunTime(duration(text, "ShellRunTime"));
            case "ShellInactivity" -> b.shellInactivity(duration(text, "ShellInactivity"));
            case "MemoryUsed" -> b.memoryUsed(text);
            case "ChildProcesses" -> b.childProcesses((int) number(text, "ChildProcesses"));
            default -> throw new IllegalStateException("not a shell field: " + local);
        }
    }

    private DroppedOutput readDroppedOutput() throws XMLStreamException {
        String commandId = in.attr("CommandId");
        String stream = in.attr("Stream");
        long bytes = number(in.text().strip(), "DroppedOutput");
        if (commandId == null || stream == null) {
            throw XmlIn.schema("DroppedOutput needs CommandId and Stream attributes.");
        }
        return new DroppedOutput(commandId.strip(), stream.strip(), bytes);
    }

    private static long number(String text, String what) {
        try {
            long v = Long.parseLong(text);
            if (v < 0) {
                throw XmlIn.schema("The value of " + what + " is negative: " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw XmlIn.schema("The value of " + what + " is not a number: " + text);
        }
    }

    private ConnectRequest readConnect() throws XMLStreamException {
        String commandId = in.attr("CommandId");
        String xml = null;
        while (in.nextChild()) {
            if (in.is(Namespaces.POWERSHELL, "connectXml")) {
                xml = in.text().strip();
            } else {
                in.skipElement();
            }
        }
        return new ConnectRequest(xml, commandId);
    }

    private ConnectResponse readConnectResponse() throws XMLStreamException {
        List<String> input = List.of();
        List<String> output = List.of();
        String xml = null;
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "InputStreams")) {
                input = StreamNames.split(in.text());
            } else if (in.is(Namespaces.SHELL, "OutputStreams")) {
                output = StreamNames.split(in.text());
            } else if (in.is(Namespaces.POWERSHELL, "connectResponseXml")) {
                xml = in.text().strip();
            } else {
                in.skipElement();
            }
        }
        return new ConnectResponse(input, output, xml);
    }

    private IdentifyResponse readIdentifyResponse() throws XMLStreamException {
        String version = null;
        String vendor = null;
        String product = null;
        List<String> profiles = new ArrayList<>();
        while (in.nextChild()) {
            if (in.isWsmid("ProtocolVersion")) {
                version = in.text().strip();
            } else if (in.isWsmid("ProductVendor")) {
                vendor = in.text().strip();
            } else if (in.isWsmid("ProductVersion")) {
                product = in.text().strip();
            } else if (in.isWsmid("SecurityProfiles")) {
                while (in.nextChild()) {
                    if (in.isWsmid("SecurityProfileName")) {
                        profiles.add(in.text().strip());
                    } else {
                        in.skipElement();
                    }
                }
            } else {
                in.skipElement();
            }
        }
        return new IdentifyResponse(version, vendor, product, profiles);
    }
}
