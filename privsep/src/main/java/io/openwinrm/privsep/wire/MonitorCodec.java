package io.openwinrm.privsep.wire;

import io.openwinrm.privsep.wire.MonitorMessage.Account;
import io.openwinrm.privsep.wire.MonitorMessage.Answer;
import io.openwinrm.privsep.wire.MonitorMessage.Audit;
import io.openwinrm.privsep.wire.MonitorMessage.AuthContinue;
import io.openwinrm.privsep.wire.MonitorMessage.AuthFailure;
import io.openwinrm.privsep.wire.MonitorMessage.AuthSuccess;
import io.openwinrm.privsep.wire.MonitorMessage.Authenticate;
import io.openwinrm.privsep.wire.MonitorMessage.AuthenticateCertificate;
import io.openwinrm.privsep.wire.MonitorMessage.CanEnter;
import io.openwinrm.privsep.wire.MonitorMessage.CloseShell;
import io.openwinrm.privsep.wire.MonitorMessage.Config;
import io.openwinrm.privsep.wire.MonitorMessage.DestroyProcess;
import io.openwinrm.privsep.wire.MonitorMessage.Exited;
import io.openwinrm.privsep.wire.MonitorMessage.Failed;
import io.openwinrm.privsep.wire.MonitorMessage.Failure;
import io.openwinrm.privsep.wire.MonitorMessage.Hello;
import io.openwinrm.privsep.wire.MonitorMessage.HelloReply;
import io.openwinrm.privsep.wire.MonitorMessage.KillAll;
import io.openwinrm.privsep.wire.MonitorMessage.Launch;
import io.openwinrm.privsep.wire.MonitorMessage.Launched;
import io.openwinrm.privsep.wire.MonitorMessage.Ok;
import io.openwinrm.privsep.wire.MonitorMessage.OpenShell;
import io.openwinrm.privsep.wire.MonitorMessage.RunInInterpreter;
import io.openwinrm.privsep.wire.MonitorMessage.SandboxState;
import io.openwinrm.privsep.wire.MonitorMessage.SandboxStatus;
import io.openwinrm.privsep.wire.MonitorMessage.ShellOpened;
import io.openwinrm.privsep.wire.MonitorMessage.SignalProcess;
import io.openwinrm.privsep.wire.MonitorMessage.StartInterpreter;
import io.openwinrm.privsep.wire.MonitorMessage.Terminal;
import io.openwinrm.privsep.wire.MonitorMessage.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Encodes and decodes {@link MonitorMessage}s. Layout: version (u8), type (u8), then the record's components in
 * order — integers big-endian, strings and byte arrays as a u32 length and the bytes (UTF-8), lists and maps as a u32
 * count and the elements, optionals as a u8 flag and the value. {@link #decode} refuses a message of another version,
 * an unknown type, a malformed field or bytes after the last field ({@link WireException}).
 */
public final class MonitorCodec {

    private static final int HELLO = 1;
    private static final int AUTHENTICATE = 2;
    private static final int AUTHENTICATE_CERTIFICATE = 3;
    private static final int OPEN_SHELL = 5;
    private static final int CLOSE_SHELL = 6;
    private static final int CAN_ENTER = 7;
    private static final int LAUNCH = 8;
    private static final int START_INTERPRETER = 9;
    private static final int RUN_IN_INTERPRETER = 10;
    private static final int SIGNAL_PROCESS = 11;
    private static final int DESTROY_PROCESS = 12;
    private static final int SANDBOX_STATUS = 13;
    private static final int KILL_ALL = 14;
    private static final int AUDIT = 15;
    private static final int TRANSCRIPT = 16;
    private static final int DECIDE_ACCESS = 17;
    private static final int HELLO_REPLY = 64;
    private static final int OK = 65;
    private static final int FAILED = 66;
    private static final int AUTH_CONTINUE = 67;
    private static final int AUTH_SUCCESS = 68;
    private static final int AUTH_FAILURE = 69;
    private static final int SHELL_OPENED = 70;
    private static final int LAUNCHED = 71;
    private static final int ANSWER = 72;
    private static final int SANDBOX_STATE = 73;
    private static final int ACCESS_DECIDED = 74;
    private static final int EXITED = 128;
    private static final int CONFIG = 129;
    private static final int CREDENTIALS_CHANGED = 130;

    private MonitorCodec() {
    }

    public static byte[] encode(MonitorMessage message) {
        WireOut o = new WireOut().u8(MonitorMessage.VERSION);
        if (message instanceof Hello m) {
            o.u8(HELLO).i64(m.id()).i32(m.version());
        } else if (message instanceof Authenticate m) {
            o.u8(AUTHENTICATE).i64(m.id()).i64(m.exchange()).string(m.scheme())
                    .bytes(m.token()).string(m.remoteAddress()).bool(m.secure()).bytes(m.channelBinding());
        } else if (message instanceof AuthenticateCertificate m) {
            o.u8(AUTHENTICATE_CERTIFICATE).i64(m.id()).i32(m.chain().size());
            m.chain().forEach(o::bytes);
            o.string(m.remoteAddress());
        } else if (message instanceof OpenShell m) {
            o.u8(OPEN_SHELL).i64(m.id()).string(m.session()).string(m.endpoint()).string(m.clientAddress());
        } else if (message instanceof MonitorMessage.DecideAccess m) {
            o.u8(DECIDE_ACCESS).i64(m.id()).string(m.session()).string(m.endpoint());
        } else if (message instanceof MonitorMessage.AccessDecided m) {
            o.u8(ACCESS_DECIDED).i64(m.id()).bool(m.allowed()).string(m.reason());
        } else if (message instanceof CloseShell m) {
            o.u8(CLOSE_SHELL).i64(m.id()).string(m.shell());
        } else if (message instanceof CanEnter m) {
            o.u8(CAN_ENTER).i64(m.id()).string(m.shell()).string(m.path());
        } else if (message instanceof Launch m) {
            o.u8(LAUNCH).i64(m.id()).string(m.shell()).strings(m.argv()).string(m.cwd()).map(m.env())
                    .bool(m.terminal().isPresent());
            m.terminal().ifPresent(t -> o.string(t.term()).i32(t.columns()).i32(t.rows()));
        } else if (message instanceof StartInterpreter m) {
            o.u8(START_INTERPRETER).i64(m.id()).string(m.shell()).strings(m.argv())
                    .string(m.cwd()).map(m.env());
        } else if (message instanceof RunInInterpreter m) {
            o.u8(RUN_IN_INTERPRETER).i64(m.id()).string(m.interpreter())
                    .string(m.commandLine());
        } else if (message instanceof SignalProcess m) {
            o.u8(SIGNAL_PROCESS).i64(m.id()).string(m.process()).string(m.signal());
        } else if (message instanceof DestroyProcess m) {
            o.u8(DESTROY_PROCESS).i64(m.id()).string(m.process());
        } else if (message instanceof SandboxStatus m) {
            o.u8(SANDBOX_STATUS).i64(m.id()).string(m.shell());
        } else if (message instanceof KillAll m) {
            o.u8(KILL_ALL).i64(m.id()).string(m.shell());
        } else if (message instanceof Audit m) {
            o.u8(AUDIT).i64(m.id()).string(m.json());
        } else if (message instanceof Transcript m) {
            o.u8(TRANSCRIPT).i64(m.id()).string(m.shell()).string(m.shellId()).string(m.text());
        } else if (message instanceof HelloReply m) {
            o.u8(HELLO_REPLY).i64(m.id()).i32(m.version()).string(m.serverAccount())
                    .i32(m.serverUid()).bool(m.switching()).bool(m.hideProcesses());
        } else if (message instanceof Ok m) {
            o.u8(OK).i64(m.id());
        } else if (message instanceof Failed m) {
            o.u8(FAILED).i64(m.id()).u8(m.kind().ordinal()).string(m.message());
        } else if (message instanceof AuthContinue m) {
            o.u8(AUTH_CONTINUE).i64(m.id()).bytes(m.token());
        } else if (message instanceof AuthSuccess m) {
            o.u8(AUTH_SUCCESS).i64(m.id()).string(m.user()).string(m.mechanism())
                    .optional(m.domain()).string(m.session());
            sealing(o, m.sealing());
            o.bytes(m.replyToken());
        } else if (message instanceof AuthFailure m) {
            o.u8(AUTH_FAILURE).i64(m.id()).string(m.reason()).optional(m.userName());
        } else if (message instanceof ShellOpened m) {
            o.u8(SHELL_OPENED).i64(m.id()).string(m.shell()).bool(m.runAs().isPresent());
            m.runAs().ifPresent(a -> account(o, a));
            o.strings(m.roles());
        } else if (message instanceof Launched m) {
            o.u8(LAUNCHED).i64(m.id()).string(m.process()).i64(m.pid());
        } else if (message instanceof Answer m) {
            o.u8(ANSWER).i64(m.id()).bool(m.value());
        } else if (message instanceof SandboxState m) {
            o.u8(SANDBOX_STATE).i64(m.id()).i64(m.limitEvents()).optional(m.limitHit());
        } else if (message instanceof Exited m) {
            o.u8(EXITED).string(m.process()).i32(m.status());
        } else if (message instanceof Config m) {
            o.u8(CONFIG).map(m.files());
        } else if (message instanceof MonitorMessage.CredentialsChanged) {
            o.u8(CREDENTIALS_CHANGED);
        } else {
            throw new IllegalArgumentException("not a monitor message: " + message);
        }
        return o.toByteArray();
    }

    private static final int SEALING_NONE = 0;
    private static final int SEALING_NTLM = 1;
    private static final int SEALING_KERBEROS = 2;

    private static void sealing(WireOut o, Optional<MonitorMessage.Sealing> sealing) {
        if (sealing.isEmpty()) {
            o.u8(SEALING_NONE);
        } else if (sealing.get() instanceof MonitorMessage.NtlmSealing n) {
            o.u8(SEALING_NTLM).bytes(n.exportedSessionKey()).i64(n.outgoingSequence()).i64(n.incomingSequence());
        } else if (sealing.get() instanceof MonitorMessage.KerberosSealing k) {
            o.u8(SEALING_KERBEROS).i32(k.encryptionType()).bytes(k.key()).bool(k.acceptorSubkey())
                    .i64(k.outgoingSequence()).bool(k.incomingSequence().isPresent())
                    .i64(k.incomingSequence().orElse(0)).string(k.protocol());
        }
    }

    private static Optional<MonitorMessage.Sealing> sealing(WireIn in) throws WireException {
        int kind = in.u8();
        switch (kind) {
            case SEALING_NONE:
                return Optional.empty();
            case SEALING_NTLM:
                return Optional.of(new MonitorMessage.NtlmSealing(in.bytes(), in.i64(), in.i64()));
            case SEALING_KERBEROS: {
                int type = in.i32();
                byte[] key = in.bytes();
                boolean subkey = in.bool();
                long out = in.i64();
                boolean known = in.bool();
                long incoming = in.i64();
                return Optional.of(new MonitorMessage.KerberosSealing(type, key, subkey, out,
                        known ? java.util.OptionalLong.of(incoming) : java.util.OptionalLong.empty(), in.string()));
            }
            default:
                throw new WireException("unknown sealing kind " + kind);
        }
    }

    private static void account(WireOut o, Account a) {
        o.string(a.name()).i32(a.uid()).i32(a.gid()).i32(a.groupIds().size());
        a.groupIds().forEach(o::i32);
        o.strings(a.groupNames()).string(a.home()).string(a.shell());
    }

    private static Account account(WireIn in) throws WireException {
        String name = in.string();
        int uid = in.i32();
        int gid = in.i32();
        int n = in.count();
        List<Integer> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(in.i32());
        }
        return new Account(name, uid, gid, List.copyOf(ids), in.strings(), in.string(), in.string());
    }

    /** @throws WireException for anything but one well-formed message of {@link MonitorMessage#VERSION} */
    public static MonitorMessage decode(byte[] bytes) throws WireException {
        WireIn in = new WireIn(bytes);
        int version = in.u8();
        if (version != MonitorMessage.VERSION) {
            throw new WireException("protocol version " + version + ", expected " + MonitorMessage.VERSION);
        }
        int type = in.u8();
        MonitorMessage m = switch (type) {
            case HELLO -> new Hello(in.i64(), in.i32());
            case AUTHENTICATE -> new Authenticate(in.i64(), in.i64(), in.string(), in.bytes(), in.string(), in.bool(),
                    in.bytes());
            case AUTHENTICATE_CERTIFICATE -> {
                long id = in.i64();
                int n = in.count();
                List<byte[]> chain = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    chain.add(in.bytes());
                }
                yield new AuthenticateCertificate(id, chain, in.string());
            }
            case OPEN_SHELL -> new OpenShell(in.i64(), in.string(), in.string(), in.string());
            case CLOSE_SHELL -> new CloseShell(in.i64(), in.string());
            case DECIDE_ACCESS -> new MonitorMessage.DecideAccess(in.i64(), in.string(), in.string());
            case ACCESS_DECIDED -> new MonitorMessage.AccessDecided(in.i64(), in.bool(), in.string());
            case CAN_ENTER -> new CanEnter(in.i64(), in.string(), in.string());
            case LAUNCH -> new Launch(in.i64(), in.string(), in.strings(), in.string(), in.map(),
                    in.bool() ? Optional.of(new Terminal(in.string(), in.i32(), in.i32())) : Optional.empty());
            case START_INTERPRETER -> new StartInterpreter(in.i64(), in.string(), in.strings(), in.string(),
                    in.map());
            case RUN_IN_INTERPRETER -> new RunInInterpreter(in.i64(), in.string(), in.string());
            case SIGNAL_PROCESS -> new SignalProcess(in.i64(), in.string(), in.string());
            case DESTROY_PROCESS -> new DestroyProcess(in.i64(), in.string());
            case SANDBOX_STATUS -> new SandboxStatus(in.i64(), in.string());
            case KILL_ALL -> new KillAll(in.i64(), in.string());
            case AUDIT -> new Audit(in.i64(), in.string());
            case TRANSCRIPT -> new Transcript(in.i64(), in.string(), in.string(), in.string());
            case HELLO_REPLY -> new HelloReply(in.i64(), in.i32(), in.string(), in.i32(), in.bool(), in.bool());
            case OK -> new Ok(in.i64());
            case FAILED -> {
                long id = in.i64();
                int kind = in.u8();
                if (kind >= Failure.values().length) {
                    throw new WireException("unknown failure kind " + kind);
                }
                yield new Failed(id, Failure.values()[kind], in.string());
            }
            case AUTH_CONTINUE -> new AuthContinue(in.i64(), in.bytes());
            case AUTH_SUCCESS -> new AuthSuccess(in.i64(), in.string(), in.string(), in.optional(), in.string(),
                    sealing(in), in.bytes());
            case AUTH_FAILURE -> new AuthFailure(in.i64(), in.string(), in.optional());
            case SHELL_OPENED -> {
                long id = in.i64();
                String shell = in.string();
                Optional<Account> runAs = in.bool() ? Optional.of(account(in)) : Optional.empty();
                yield new ShellOpened(id, shell, runAs, in.strings());
            }
            case LAUNCHED -> new Launched(in.i64(), in.string(), in.i64());
            case ANSWER -> new Answer(in.i64(), in.bool());
            case SANDBOX_STATE -> new SandboxState(in.i64(), in.i64(), in.optional());
            case EXITED -> new Exited(in.string(), in.i32());
            case CONFIG -> new Config(in.map());
            case CREDENTIALS_CHANGED -> new MonitorMessage.CredentialsChanged();
            default -> throw new WireException("unknown message type " + type);
        };
        in.end();
        return m;
    }
}
