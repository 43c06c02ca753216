package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.ListKind;
import io.openwinrm.psrp.clixml.PsBool;
import io.openwinrm.psrp.clixml.PsMembers;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.command.PowerShellCodec;
import io.openwinrm.psrp.stream.InformationalRecord;
import java.util.List;

/** CLIXML shapes of the pipeline messages and host calls ([MS-PSRP] 2.2.2.10, 2.2.2.15 - 2.2.2.28). */
final class PipelineBodies {
    private static final List<String> REMOTE_STREAM_OPTIONS = List.of(
            "System.Management.Automation.Runspaces.RemoteStreamOptions", "System.Enum", "System.ValueType",
            "System.Object");
    private static final List<String> ARRAY_LIST = List.of("System.Collections.ArrayList", "System.Object");

    private PipelineBodies() {
    }

    static MessageBody decode(MessageType type, PsValue data) {
        String ctx = type.name();
        return switch (type) {
            case CREATE_PIPELINE -> {
                PsMembers m = PsMembers.of(data, ctx);
                yield new CreatePipeline(m.optionalBool("NoInput", true),
                        ApartmentState.fromWire(m.optionalIntEnum("ApartmentState", 2)),
                        m.optionalIntEnum("RemoteStreamOptions", 0), m.optionalBool("AddToHistory", false),
                        HostInfo.from(m.optional("HostInfo").orElse(PsObject.ofProperties(List.of()))),
                        PowerShellCodec.fromPsObject(m.require("PowerShell")), m.optionalBool("IsNested", false));
            }
            case PIPELINE_INPUT -> new PipelineInput(data);
            case PIPELINE_OUTPUT -> new PipelineOutput(data);
            case ERROR_RECORD -> new ErrorRecordMessage(PsMembers.of(data, ctx).object());
            case PIPELINE_STATE -> {
                PsMembers m = PsMembers.of(data, ctx);
                yield new PipelineStateMessage(m.requireInt("PipelineState"), PoolBodies.reason(m));
            }
            case DEBUG_RECORD -> new InformationalMessage(InformationalRecord.Kind.DEBUG, data);
            case VERBOSE_RECORD -> new InformationalMessage(InformationalRecord.Kind.VERBOSE, data);
            case WARNING_RECORD -> new InformationalMessage(InformationalRecord.Kind.WARNING, data);
            case PROGRESS_RECORD -> new ProgressRecordMessage(PsMembers.of(data, ctx).object());
            case INFORMATION_RECORD -> new InformationRecordMessage(PsMembers.of(data, ctx).object());
            case RUNSPACEPOOL_HOST_CALL, PIPELINE_HOST_CALL -> hostCall(type, data);
            case RUNSPACEPOOL_HOST_RESPONSE, PIPELINE_HOST_RESPONSE -> hostResponse(type, data);
            default -> throw new IllegalArgumentException("not a pipeline message: " + type);
        };
    }

    private static HostCall hostCall(MessageType type, PsValue data) {
        PsMembers m = PsMembers.of(data, type.name());
        HostScope scope = type == MessageType.PIPELINE_HOST_CALL ? HostScope.PIPELINE : HostScope.RUNSPACE_POOL;
        return new HostCall(scope, m.requireLong("ci"), m.requireIntEnum("mi"), methodName(m),
                m.optional("mp").isPresent() ? m.requireList("mp") : List.of());
    }

    private static HostResponse hostResponse(MessageType type, PsValue data) {
        PsMembers m = PsMembers.of(data, type.name());
        HostScope scope = type == MessageType.PIPELINE_HOST_RESPONSE ? HostScope.PIPELINE : HostScope.RUNSPACE_POOL;
        return new HostResponse(scope, m.requireLong("ci"), m.requireIntEnum("mi"), methodName(m),
                m.optional("mr").orElse(null), m.optional("me").orElse(null));
    }

    private static String methodName(PsMembers m) {
        return m.require("mi") instanceof PsObject o ? o.toStringValue() : null;
    }

    static PsValue encode(MessageBody body) {
        if (body instanceof CreatePipeline c) {
            return PsObject.builder().extended("NoInput", new PsBool(c.noInput()))
                    .extended("ApartmentState", PoolBodies.apartment(c.apartmentState()))
                    .extended("RemoteStreamOptions", PsObject.ofEnum(REMOTE_STREAM_OPTIONS,
                            c.remoteStreamOptions() == 15 ? "AddInvocationInfo" : Integer.toString(
                                    c.remoteStreamOptions()), c.remoteStreamOptions()))
                    .extended("AddToHistory", new PsBool(c.addToHistory()))
                    .extended("HostInfo", c.hostInfo().toPsObject())
                    .extended("PowerShell", PowerShellCodec.toPsObject(c.powerShell()))
                    .extended("IsNested", new PsBool(c.isNested())).build();
        } else if (body instanceof PipelineInput i) {
            return i.value();
        } else if (body instanceof PipelineOutput o) {
            return o.value();
        } else if (body instanceof ErrorRecordMessage e) {
            return e.record();
        } else if (body instanceof PipelineStateMessage s) {
            PsObject.Builder b = PsObject.builder().extended("PipelineState", PoolBodies.i32(s.state()));
            if (s.exceptionAsErrorRecord() != null) {
                b.extended("ExceptionAsErrorRecord", s.exceptionAsErrorRecord());
            }
            return b.build();
        } else if (body instanceof InformationalMessage i) {
            return i.record();
        } else if (body instanceof ProgressRecordMessage p) {
            return p.record();
        } else if (body instanceof InformationRecordMessage i) {
            return i.record();
        } else if (body instanceof HostCall h) {
            return PsObject.builder().extended("ci", PoolBodies.i64(h.callId()))
                    .extended("mi", method(h.methodId(), h.methodName()))
                    .extended("mp", PsObject.ofList(ARRAY_LIST, ListKind.LIST, h.parameters())).build();
        } else if (body instanceof HostResponse h) {
            PsObject.Builder b = PsObject.builder().extended("ci", PoolBodies.i64(h.callId()))
                    .extended("mi", method(h.methodId(), h.methodName()));
            if (h.result() != null) {
                b.extended("mr", h.result());
            }
            if (h.error() != null) {
                b.extended("me", h.error());
            }
            return b.build();
        }
        throw new IllegalArgumentException("not a pipeline message: " + body);
    }

    private static PsObject method(int id, String name) {
        return PsObject.ofEnum(HostMethod.TYPE_NAMES, name == null ? Integer.toString(id) : name, id);
    }
}
