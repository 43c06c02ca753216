package io.openwinrm.protocol.codec;

import io.openwinrm.protocol.config.ServiceConfig;
import io.openwinrm.protocol.fault.ProviderFault;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.shell.CommandInfo;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandResponse;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.ConnectResponse;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.DroppedOutput;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.IdentifyRequest;
import io.openwinrm.protocol.shell.IdentifyResponse;
import io.openwinrm.protocol.shell.PowerShellCreated;
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
import io.openwinrm.protocol.wsman.SelectorSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Writes {@code s:Body} for each message record (shapes in winrm-wire.md 2 and 3.1). */
final class BodyWriter {
    private static final String ZERO_DAYTIME = Durations.formatDayTime(Duration.ZERO);

    private BodyWriter() {
    }

    static void write(XmlOut out, Body body) {
        out.start("s:Body");
        if (body instanceof CreateShell b) {
            createShell(out, b);
        } else if (body instanceof ShellCreated b) {
            shellCreated(out, b);
        } else if (body instanceof PowerShellCreated b) {
            resourceCreated(out, b.address(), b.shell().resourceUri(), b.shell().shellId());
            shellInfo(out, b.shell());
        } else if (body instanceof CommandRequest b) {
            commandLine(out, b);
        } else if (body instanceof CommandResponse b) {
            out.start("rsp:CommandResponse").element("rsp:CommandId", b.commandId()).end("rsp:CommandResponse");
        } else if (body instanceof SendRequest b) {
            out.start("rsp:Send");
            streams(out, b.streams());
            out.end("rsp:Send");
        } else if (body instanceof SendResponse) {
            out.start("rsp:SendResponse").endEmpty();
        } else if (body instanceof ReceiveRequest b) {
            out.start("rsp:Receive");
            b.sequenceId().ifPresent(n -> out.attr("SequenceId", Long.toUnsignedString(n)));
            out.start("rsp:DesiredStream");
            if (b.commandId() != null) {
                out.attr("CommandId", b.commandId());
            }
            out.text(StreamNames.join(b.desiredStreams())).end("rsp:DesiredStream").end("rsp:Receive");
        } else if (body instanceof ReceiveResponse b) {
            receiveResponse(out, b);
        } else if (body instanceof SignalRequest b) {
            out.start("rsp:Signal");
            if (b.commandId() != null) {
                out.attr("CommandId", b.commandId());
            }
            out.element("rsp:Code", b.code()).end("rsp:Signal");
        } else if (body instanceof SignalResponse) {
            out.start("rsp:SignalResponse").endEmpty();
        } else if (body instanceof IdentifyRequest) {
            out.start("wsmid:Identify").endEmpty();
        } else if (body instanceof IdentifyResponse b) {
            identifyResponse(out, b);
        } else if (body instanceof DisconnectRequest b) {
            out.start("rsp:Disconnect");
            b.idleTimeout().ifPresent(d -> out.element("rsp:IdleTimeOut", Durations.format(d)));
            b.bufferMode().ifPresent(m -> out.element("rsp:BufferMode", m.wireName()));
            out.end("rsp:Disconnect");
        } else if (body instanceof ReconnectRequest) {
            out.start("rsp:Reconnect").endEmpty();
        } else if (body instanceof ConnectRequest b) {
            out.start("rsp:Connect");
            if (b.commandId() != null) {
                out.attr("CommandId", b.commandId());
            }
            psXml(out, "connectXml", b.connectXml());
            out.end("rsp:Connect");
        } else if (body instanceof ConnectResponse b) {
            out.start("rsp:ConnectResponse")
                    .element("rsp:InputStreams", StreamNames.join(b.inputStreams()))
                    .element("rsp:OutputStreams", StreamNames.join(b.outputStreams()));
            psXml(out, "connectResponseXml", b.connectResponseXml());
            out.end("rsp:ConnectResponse");
        } else if (body instanceof ShellInfo b) {
            shellInfo(out, b);
        } else if (body instanceof EnumerateRequest b) {
            out.start("n:Enumerate");
            if (b.optimize()) {
                out.start("w:OptimizeEnumeration").endEmpty();
            }
            b.maxElements().ifPresent(n -> out.start("w:MaxElements").rawAscii(Integer.toString(n))
                    .end("w:MaxElements"));
            b.filter().ifPresent(f -> {
                String qname = f.wsman() ? "w:Filter" : "n:Filter";
                out.start(qname);
                if (f.dialect() != null) {
                    out.attr("Dialect", f.dialect());
                }
                if (f.selectors().isEmpty()) {
                    out.endEmpty();
                } else {
                    out.start("w:SelectorSet");
                    f.selectors().selectors().forEach(sel -> out.start("w:Selector").attr("Name", sel.name())
                            .text(sel.value()).end("w:Selector"));
                    out.end("w:SelectorSet").end(qname);
                }
            });
            out.end("n:Enumerate");
        } else if (body instanceof EnumerateResponse b) {
            enumerateResponse(out, b);
        } else if (body instanceof PullRequest b) {
            out.start("n:Pull").element("n:EnumerationContext", b.enumerationContext());
            b.maxElements().ifPresent(n -> out.start("n:MaxElements").rawAscii(Integer.toString(n))
                    .end("n:MaxElements"));
            out.end("n:Pull");
        } else if (body instanceof PullResponse b) {
            pullResponse(out, b);
        } else if (body instanceof ReleaseRequest b) {
            out.start("n:Release").element("n:EnumerationContext", b.enumerationContext()).end("n:Release");
        } else if (body instanceof ServiceConfig b) {
            ConfigCodec.write(out, b);
        } else if (body instanceof WsmanFault b) {
            fault(out, b);
        } else if (body instanceof UnsupportedBody b) {
            out.start("ub:" + b.element().getLocalPart()).attr("xmlns:ub", b.element().getNamespaceURI())
                    .endEmpty();
        }
        // DeleteRequest, DeleteResponse, DisconnectResponse, ReconnectResponse, EmptyBody: empty body
        out.end("s:Body");
    }

    private static void psXml(XmlOut out, String local, String value) {
        if (value != null) {
            out.start(local).attr("xmlns", Namespaces.POWERSHELL).text(value).end(local);
        }
    }

    /** Element order as pypsrp sends it (accepted by Windows): streams, Environment, IdleTimeOut, Lifetime, Name, WorkingDirectory. */
    private static void createShell(XmlOut out, CreateShell b) {
        out.start("rsp:Shell");
        if (b.shellId() != null) {
            out.attr("ShellId", b.shellId());
        }
        out.element("rsp:InputStreams", StreamNames.join(b.inputStreams()));
        out.element("rsp:OutputStreams", StreamNames.join(b.outputStreams()));
        if (!b.environment().isEmpty()) {
            out.start("rsp:Environment");
            for (Map.Entry<String, String> e : b.environment().entrySet()) {
                out.start("rsp:Variable").attr("Name", e.getKey()).text(e.getValue()).end("rsp:Variable");
            }
            out.end("rsp:Environment");
        }
        b.idleTimeout().ifPresent(d -> out.element("rsp:IdleTimeOut", Durations.format(d)));
        b.lifetime().ifPresent(d -> out.element("rsp:Lifetime", Durations.format(d)));
        if (b.name() != null) {
            out.element("rsp:Name", b.name());
        }
        if (b.workingDirectory() != null) {
            out.element("rsp:WorkingDirectory", b.workingDirectory());
        }
        psXml(out, "creationXml", b.creationXml());
        out.end("rsp:Shell");
    }

    /** ResourceCreated with a DMTF Selector (Go: //w:Selector[@Name='ShellId']), then rsp:Shell. */
    private static void shellCreated(XmlOut out, ShellCreated b) {
        resourceCreated(out, b.address(), b.resourceUri(), b.shellId());
        out.start("rsp:Shell").element("rsp:ShellId", b.shellId());
        if (b.resourceUri() != null) {
            out.element("rsp:ResourceUri", b.resourceUri());
        }
        if (b.owner() != null) {
            out.element("rsp:Owner", b.owner());
        }
        if (b.clientIp() != null) {
            out.element("rsp:ClientIP", b.clientIp());
        }
        optional(out, "rsp:WorkingDirectory", b.workingDirectory());
        b.idleTimeout().ifPresent(d -> out.element("rsp:IdleTimeOut", Durations.format(d)));
        out.element("rsp:InputStreams", StreamNames.join(b.inputStreams()));
        out.element("rsp:OutputStreams", StreamNames.join(b.outputStreams()));
        out.element("rsp:ShellRunTime", ZERO_DAYTIME).element("rsp:ShellInactivity", ZERO_DAYTIME);
        out.end("rsp:Shell");
    }

    private static void resourceCreated(XmlOut out, String address, String resourceUri, String shellId) {
        out.start("x:ResourceCreated");
        if (address != null) {
            out.element("a:Address", address);
        }
        out.start("a:ReferenceParameters");
        if (resourceUri != null) {
            out.element("w:ResourceURI", resourceUri);
        }
        out.start("w:SelectorSet").start("w:Selector").attr("Name", SelectorSet.SHELL_ID).text(shellId)
                .end("w:Selector").end("w:SelectorSet");
        out.end("a:ReferenceParameters").end("x:ResourceCreated");
    }

    /** The Windows element order of a Get response's rsp:Shell (vector wsman-get-shell.response.xml). */
    private static void shellInfo(XmlOut out, ShellInfo b) {
        out.start("rsp:Shell");
        optional(out, "rsp:ShellId", b.shellId());
        optional(out, "rsp:Name", b.name());
        optional(out, "rsp:ResourceUri", b.resourceUri());
        optional(out, "rsp:Owner", b.owner());
        optional(out, "rsp:ClientIP", b.clientIp());
        b.processId().ifPresent(p -> out.start("rsp:ProcessId").rawAscii(Long.toString(p)).end("rsp:ProcessId"));
        optional(out, "rsp:WorkingDirectory", b.workingDirectory());
        b.idleTimeout().ifPresent(d -> out.element("rsp:IdleTimeOut", Durations.format(d)));
        if (!b.inputStreams().isEmpty()) {
            out.element("rsp:InputStreams", StreamNames.join(b.inputStreams()));
        }
        if (!b.outputStreams().isEmpty()) {
            out.element("rsp:OutputStreams", StreamNames.join(b.outputStreams()));
        }
        b.maxIdleTimeout().ifPresent(d -> out.element("rsp:MaxIdleTimeOut", Durations.format(d)));
        optional(out, "rsp:Locale", b.locale());
        optional(out, "rsp:DataLocale", b.dataLocale());
        optional(out, "rsp:CompressionMode", b.compressionMode());
        optional(out, "rsp:ProfileLoaded", b.profileLoaded());
        optional(out, "rsp:Encoding", b.encoding());
        b.bufferMode().ifPresent(m -> out.element("rsp:BufferMode", m.wireName()));
        b.state().ifPresent(s -> out.element("rsp:State", s.wireName()));
        b.shellRunTime().ifPresent(d -> out.element("rsp:ShellRunTime", Durations.formatDayTime(d)));
        b.shellInactivity().ifPresent(d -> out.element("rsp:ShellInactivity", Durations.formatDayTime(d)));
        optional(out, "rsp:MemoryUsed", b.memoryUsed());
        b.childProcesses().ifPresent(n -> out.start("rsp:ChildProcesses").rawAscii(Integer.toString(n))
                .end("rsp:ChildProcesses"));
        for (DroppedOutput d : b.droppedOutput()) {
            out.start("ow:DroppedOutput").attr("xmlns:ow", Namespaces.OPENWINRM_SHELL)
                    .attr("CommandId", d.commandId()).attr("Stream", d.stream())
                    .rawAscii(Long.toString(d.bytes())).end("ow:DroppedOutput");
        }
        out.end("rsp:Shell");
    }

    private static void optional(XmlOut out, String qname, String value) {
        if (value != null) {
            out.element(qname, value);
        }
    }

    /**
     * Windows' optimized shape: the context (empty when complete), w:Items, w:EndOfSequence when complete. Not
     * optimized (no items, not ended): the context alone.
     */
    private static void enumerateResponse(XmlOut out, EnumerateResponse b) {
        out.start("n:EnumerateResponse").start("n:EnumerationContext").text(b.enumerationContext())
                .end("n:EnumerationContext");
        if (!b.items().isEmpty() || !b.commands().isEmpty() || b.endOfSequence()) {
            out.start("w:Items");
            items(out, b.items(), b.commands());
            out.end("w:Items");
        }
        if (b.endOfSequence()) {
            out.start("w:EndOfSequence").endEmpty();
        }
        out.end("n:EnumerateResponse");
    }

    private static void items(XmlOut out, List<ShellInfo> shells, List<CommandInfo> commands) {
        for (ShellInfo item : shells) {
            shellInfo(out, item);
        }
        for (CommandInfo c : commands) {
            out.start("rsp:Command").element("rsp:CommandId", c.commandId())
                    .element("rsp:CommandState", c.state().uri()).end("rsp:Command");
        }
    }

    /** WS-Enumeration 3.2: the context unless ended, n:Items, n:EndOfSequence when ended. */
    private static void pullResponse(XmlOut out, PullResponse b) {
        out.start("n:PullResponse");
        if (b.enumerationContext() != null && !b.endOfSequence()) {
            out.element("n:EnumerationContext", b.enumerationContext());
        }
        out.start("n:Items");
        items(out, b.items(), b.commands());
        out.end("n:Items");
        if (b.endOfSequence()) {
            out.start("n:EndOfSequence").endEmpty();
        }
        out.end("n:PullResponse");
    }

    /** One rsp:Arguments per argument (the Java client's shape). */
    private static void commandLine(XmlOut out, CommandRequest b) {
        out.start("rsp:CommandLine");
        if (b.commandId() != null) {
            out.attr("CommandId", b.commandId());
        }
        out.element("rsp:Command", b.command());
        for (String a : b.arguments()) {
            out.element("rsp:Arguments", a);
        }
        out.end("rsp:CommandLine");
    }

    private static void streams(XmlOut out, List<StreamData> streams) {
        for (StreamData s : streams) {
            out.start("rsp:Stream").attr("Name", s.name());
            if (s.commandId() != null) {
                out.attr("CommandId", s.commandId());
            }
            if (s.end()) {
                out.attr("End", "true");
            }
            out.base64(s.sharedData()).end("rsp:Stream");
        }
    }

    /** Streams, then ALWAYS rsp:CommandState when present, with rsp:ExitCode once Done. */
    private static void receiveResponse(XmlOut out, ReceiveResponse b) {
        out.start("rsp:ReceiveResponse");
        b.sequenceId().ifPresent(n -> out.attr("SequenceId", Long.toUnsignedString(n)));
        streams(out, b.streams());
        CommandStateInfo st = b.commandState();
        if (st != null) {
            out.start("rsp:CommandState");
            if (st.commandId() != null) {
                out.attr("CommandId", st.commandId());
            }
            out.attr("State", st.state().uri());
            st.exitCode().ifPresent(c -> out.start("rsp:ExitCode").rawAscii(Integer.toString(c)).end("rsp:ExitCode"));
            out.end("rsp:CommandState");
        }
        out.end("rsp:ReceiveResponse");
    }

    private static void identifyResponse(XmlOut out, IdentifyResponse b) {
        out.start("wsmid:IdentifyResponse");
        if (b.protocolVersion() != null) {
            out.element("wsmid:ProtocolVersion", b.protocolVersion());
        }
        if (b.productVendor() != null) {
            out.element("wsmid:ProductVendor", b.productVendor());
        }
        if (b.productVersion() != null) {
            out.element("wsmid:ProductVersion", b.productVersion());
        }
        if (!b.securityProfiles().isEmpty()) {
            out.start("wsmid:SecurityProfiles");
            for (String p : b.securityProfiles()) {
                out.element("wsmid:SecurityProfileName", p);
            }
            out.end("wsmid:SecurityProfiles");
        }
        out.end("wsmid:IdentifyResponse");
    }

    /**
     * {@code f:Message}: the text, or Windows' provider shape (winrm-wire.md 3.1): {@code f:ProviderFault} with the
     * text, or with a nested {@code f:WSManFault} of the same code and machine around it.
     */
    private static void message(XmlOut out, WsmanFault f) {
        ProviderFault p = f.provider();
        if (p == null) {
            out.element("f:Message", f.message());
            return;
        }
        out.start("f:Message").start("f:ProviderFault").attr("provider", p.provider()).attr("path", p.path());
        if (p.nestsWsmanFault()) {
            out.start("f:WSManFault").attr("xmlns:f", Namespaces.WSMAN_FAULT);
            f.wsmanCode().ifPresent(c -> out.attr("Code", Long.toString(c)));
            if (f.machine() != null) {
                out.attr("Machine", f.machine());
            }
            out.element("f:Message", f.message()).end("f:WSManFault");
        } else {
            out.text(f.message());
        }
        out.end("f:ProviderFault").end("f:Message");
    }

    /** The shape of winrm-wire.md 3.1: Code/Subcode, Reason, Detail(FaultDetail?, f:WSManFault). */
    private static void fault(XmlOut out, WsmanFault f) {
        out.start("s:Fault").start("s:Code").element("s:Value", f.code());
        if (f.subcode() != null) {
            out.start("s:Subcode").element("s:Value", f.subcode()).end("s:Subcode");
        }
        out.end("s:Code");
        out.start("s:Reason").start("s:Text").attr("xml:lang", "en-US").text(f.reason() == null ? "" : f.reason())
                .end("s:Text").end("s:Reason");
        boolean wsmanFault = f.wsmanCode().isPresent() || f.message() != null;
        if (f.faultDetail() != null || wsmanFault) {
            out.start("s:Detail");
            if (f.faultDetail() != null) {
                out.element("w:FaultDetail", f.faultDetail());
            }
            if (wsmanFault) {
                out.start("f:WSManFault").attr("xmlns:f", Namespaces.WSMAN_FAULT);
                f.wsmanCode().ifPresent(c -> out.attr("Code", Long.toString(c)));
                if (f.machine() != null) {
                    out.attr("Machine", f.machine());
                }
                if (f.message() != null) {
                    message(out, f);
                }
                out.end("f:WSManFault");
            }
            out.end("s:Detail");
        }
        out.end("s:Fault");
    }
}
