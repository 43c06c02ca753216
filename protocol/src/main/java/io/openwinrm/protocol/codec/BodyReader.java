package io.openwinrm.protocol.codec;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.ConnectResponse;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.IdentifyRequest;
import io.openwinrm.protocol.shell.IdentifyResponse;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.ReconnectRequest;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.SendResponse;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.SignalRequest;
import io.openwinrm.protocol.shell.SignalResponse;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.UnsupportedBody;
import io.openwinrm.protocol.wsman.Durations;
import io.openwinrm.protocol.wsman.Namespaces;
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
import javax.xml.stream.XMLStreamException;

/**
 * Reads the first element of {@code s:Body} into a message record. The element (namespace + local name) decides
 * the type; only {@code rsp:Shell} is ambiguous (Create request vs Get response) and uses the Action.
 */
final class BodyReader {
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
                case "Shell" -> isShellInfoAction(action) ? readShellInfo(null) : readCreateShell();
                case "CommandLine" -> readCommandLine();
                case "CommandResponse" -> readCommandResponse();
                case "Send" -> new SendRequest(readStreams("Send"));
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

    private static boolean isShellInfoAction(String action) {
        return WsmanAction.GET.responseUri().equals(action) || WsmanAction.CREATE.responseUri().equals(action);
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
                    default -> in.skipElement();
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
                in.skipElement();
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

    /** {@code rsp:Shell} as returned by Create/Get; {@code base} supplies EPR values. */
    ShellCreated readShellInfo(ShellCreated base) throws XMLStreamException {
        String shellId = base == null ? null : base.shellId();
        String resourceUri = base == null ? null : base.resourceUri();
        String address = base == null ? null : base.address();
        String owner = null;
        String clientIp = null;
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
                case "IdleTimeOut" -> idle = Optional.of(duration(in.text(), "IdleTimeOut"));
                case "InputStreams" -> input = StreamNames.split(in.text());
                case "OutputStreams" -> output = StreamNames.split(in.text());
                default -> in.skipElement();
            }
        }
        return new ShellCreated(shellId, resourceUri, address, owner, clientIp, idle, input, output);
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
                in.skipElement();
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

    private List<StreamData> readStreams(String parent) throws XMLStreamException {
        List<StreamData> list = new ArrayList<>();
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "Stream")) {
                list.add(readStream());
            } else {
                in.skipElement();
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
        return new StreamData(name.strip(), commandId == null ? null : commandId.strip(), data, isEnd);
    }

    /** The base64 content of the current element, decoded with the JDK's (intrinsified) decoder. */
    private static byte[] base64(XmlIn in) throws XMLStreamException {
        try {
            return Base64.getDecoder().decode(in.compactAsciiText());
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
        String commandId = null;
        List<String> streams = List.of();
        boolean found = false;
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "DesiredStream")) {
                commandId = in.attr("CommandId");
                streams = StreamNames.split(in.text());
                found = true;
            } else {
                in.skipElement();
            }
        }
        if (!found) {
            throw XmlIn.schema("The Receive element has no DesiredStream child.");
        }
        return new ReceiveRequest(commandId == null ? null : commandId.strip(), streams);
    }

    private ReceiveResponse readReceiveResponse() throws XMLStreamException {
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
        return new ReceiveResponse(streams, state);
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
                in.skipElement();
            }
        }
        if (code == null) {
            throw XmlIn.schema("The Signal element has no Code child.");
        }
        return new SignalRequest(commandId == null ? null : commandId.strip(), code);
    }

    private DisconnectRequest readDisconnect() throws XMLStreamException {
        Optional<Duration> idle = Optional.empty();
        while (in.nextChild()) {
            if (in.is(Namespaces.SHELL, "IdleTimeOut")) {
                idle = Optional.of(duration(in.text(), "IdleTimeOut"));
            } else {
                in.skipElement();
            }
        }
        return new DisconnectRequest(idle);
    }

    private ConnectRequest readConnect() throws XMLStreamException {
        String xml = null;
        while (in.nextChild()) {
            if (in.is(Namespaces.POWERSHELL, "connectXml")) {
                xml = in.text().strip();
            } else {
                in.skipElement();
            }
        }
        return new ConnectRequest(xml);
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
