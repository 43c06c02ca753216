package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.IntegerType;
import io.openwinrm.psrp.clixml.PsInteger;
import io.openwinrm.psrp.clixml.PsMembers;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;

/** CLIXML shapes of the runspace-pool messages ([MS-PSRP] 2.2.2.1 - 2.2.2.13, 2.2.2.29 - 2.2.2.31). */
final class PoolBodies {
    private PoolBodies() {
    }

    static MessageBody decode(MessageType type, PsValue data) {
        String ctx = type.name();
        return switch (type) {
            case SESSION_CAPABILITY -> {
                PsMembers m = PsMembers.of(data, ctx);
                yield new SessionCapability(m.requireVersion("protocolversion"), m.requireVersion("PSVersion"),
                        m.requireVersion("SerializationVersion"), m.optional("TimeZone").orElse(null));
            }
            case INIT_RUNSPACEPOOL -> {
                PsMembers m = PsMembers.of(data, ctx);
                yield new InitRunspacePool(m.requireInt("MinRunspaces"), m.requireInt("MaxRunspaces"),
                        PsThreadOptions.fromWire(m.optionalIntEnum("PSThreadOptions", 0)),
                        ApartmentState.fromWire(m.optionalIntEnum("ApartmentState", 2)),
                        HostInfo.from(m.optional("HostInfo").orElse(PsObject.ofProperties(java.util.List.of()))),
                        m.optional("ApplicationArguments").orElse(PsNull.INSTANCE));
            }
            case CONNECT_RUNSPACEPOOL -> {
                if (!(data instanceof PsObject)) {
                    yield ConnectRunspacePool.KEEP_SIZES; // "<S />": an empty string, no sizes
                }
                PsMembers m = PsMembers.of(data, ctx);
                yield new ConnectRunspacePool(optionalInt(m, "MinRunspaces"), optionalInt(m, "MaxRunspaces"));
            }
            case RUNSPACEPOOL_INIT_DATA -> {
                PsMembers m = PsMembers.of(data, ctx);
                yield new RunspacePoolInitData(m.requireInt("MinRunspaces"), m.requireInt("MaxRunspaces"));
            }
            case RUNSPACEPOOL_STATE -> {
                PsMembers m = PsMembers.of(data, ctx);
                yield new RunspacePoolStateMessage(m.requireInt("RunspaceState"), reason(m));
            }
            case APPLICATION_PRIVATE_DATA -> new ApplicationPrivateData(
                    PsMembers.of(data, ctx).optional("ApplicationPrivateData").orElse(PsNull.INSTANCE));
            case SET_MAX_RUNSPACES -> {
                PsMembers m = PsMembers.of(data, ctx);
                yield new SetMaxRunspaces(m.requireInt("MaxRunspaces"), m.requireLong("ci"));
            }
            case SET_MIN_RUNSPACES -> {
                PsMembers m = PsMembers.of(data, ctx);
                yield new SetMinRunspaces(m.requireInt("MinRunspaces"), m.requireLong("ci"));
            }
            case GET_AVAILABLE_RUNSPACES -> new GetAvailableRunspaces(PsMembers.of(data, ctx).requireLong("ci"));
            case RESET_RUNSPACE_STATE -> new ResetRunspaceState(PsMembers.of(data, ctx).requireLong("ci"));
            case RUNSPACE_AVAILABILITY -> {
                PsMembers m = PsMembers.of(data, ctx);
                yield new RunspaceAvailability(m.requireLong("ci"), m.require("SetMinMaxRunspacesResponse"));
            }
            case PUBLIC_KEY -> new PublicKey(requireString(PsMembers.of(data, ctx), "PublicKey"));
            case ENCRYPTED_SESSION_KEY -> new EncryptedSessionKey(
                    requireString(PsMembers.of(data, ctx), "EncryptedSessionKey"));
            case PUBLIC_KEY_REQUEST -> new PublicKeyRequest();
            case USER_EVENT -> new UserEvent(data);
            case GET_COMMAND_METADATA -> new GetCommandMetadata(data);
            default -> throw new IllegalArgumentException("not a pool message: " + type);
        };
    }

    static PsValue encode(MessageBody body) {
        if (body instanceof SessionCapability c) {
            PsObject.Builder b = PsObject.builder().extended("protocolversion", c.protocolVersion())
                    .extended("PSVersion", c.psVersion()).extended("SerializationVersion", c.serializationVersion());
            if (c.timeZone() != null) {
                b.extended("TimeZone", c.timeZone());
            }
            return b.build();
        } else if (body instanceof InitRunspacePool i) {
            return PsObject.builder().extended("MinRunspaces", i32(i.minRunspaces()))
                    .extended("MaxRunspaces", i32(i.maxRunspaces()))
                    .extended("PSThreadOptions", PsObject.ofEnum(PsThreadOptions.TYPE_NAMES,
                            i.threadOptions().dotNetName(), i.threadOptions().ordinal()))
                    .extended("ApartmentState", apartment(i.apartmentState()))
                    .extended("HostInfo", i.hostInfo().toPsObject())
                    .extended("ApplicationArguments", i.applicationArguments()).build();
        } else if (body instanceof ConnectRunspacePool c) {
            if (c.minRunspaces() == null && c.maxRunspaces() == null) {
                return new PsString("");
            }
            PsObject.Builder b = PsObject.builder();
            if (c.minRunspaces() != null) {
                b.extended("MinRunspaces", i32(c.minRunspaces()));
            }
            if (c.maxRunspaces() != null) {
                b.extended("MaxRunspaces", i32(c.maxRunspaces()));
            }
            return b.build();
        } else if (body instanceof RunspacePoolInitData d) {
            return PsObject.builder().extended("MinRunspaces", i32(d.minRunspaces()))
                    .extended("MaxRunspaces", i32(d.maxRunspaces())).build();
        } else if (body instanceof RunspacePoolStateMessage s) {
            PsObject.Builder b = PsObject.builder().extended("RunspaceState", i32(s.state()));
            if (s.exceptionAsErrorRecord() != null) {
                b.extended("ExceptionAsErrorRecord", s.exceptionAsErrorRecord());
            }
            return b.build();
        } else if (body instanceof ApplicationPrivateData a) {
            return PsObject.builder().extended("ApplicationPrivateData", a.data()).build();
        }
        return encodeRequests(body);
    }

    private static PsValue encodeRequests(MessageBody body) {
        if (body instanceof SetMaxRunspaces s) {
            return PsObject.builder().extended("MaxRunspaces", i32(s.maxRunspaces())).extended("ci", i64(s.callId()))
                    .build();
        } else if (body instanceof SetMinRunspaces s) {
            return PsObject.builder().extended("MinRunspaces", i32(s.minRunspaces())).extended("ci", i64(s.callId()))
                    .build();
        } else if (body instanceof GetAvailableRunspaces g) {
            return PsObject.builder().extended("ci", i64(g.callId())).build();
        } else if (body instanceof ResetRunspaceState r) {
            return PsObject.builder().extended("ci", i64(r.callId())).build();
        } else if (body instanceof RunspaceAvailability a) {
            return PsObject.builder().extended("SetMinMaxRunspacesResponse", a.response()).extended("ci",
                    i64(a.callId())).build();
        } else if (body instanceof PublicKey k) {
            return PsObject.builder().extended("PublicKey", new PsString(k.publicKey())).build();
        } else if (body instanceof EncryptedSessionKey k) {
            return PsObject.builder().extended("EncryptedSessionKey", new PsString(k.encryptedSessionKey())).build();
        } else if (body instanceof PublicKeyRequest) {
            return new PsString("");
        } else if (body instanceof UserEvent e) {
            return e.event();
        } else if (body instanceof GetCommandMetadata g) {
            return g.request();
        }
        throw new IllegalArgumentException("not a pool message: " + body);
    }

    static PsObject apartment(ApartmentState a) {
        return PsObject.ofEnum(ApartmentState.TYPE_NAMES, a.dotNetName(), a.ordinal());
    }

    static PsValue reason(PsMembers m) {
        return m.optional("ExceptionAsErrorRecord").filter(v -> !(v instanceof PsNull)).orElse(null);
    }

    private static Integer optionalInt(PsMembers m, String name) {
        return m.optional(name).filter(v -> !(v instanceof PsNull)).isPresent() ? m.requireInt(name) : null;
    }

    private static String requireString(PsMembers m, String name) {
        String s = m.requireStringOrNull(name);
        return s == null ? "" : s;
    }

    static PsInteger i32(int v) {
        return new PsInteger(IntegerType.INT32, v);
    }

    static PsInteger i64(long v) {
        return new PsInteger(IntegerType.INT64, v);
    }
}
