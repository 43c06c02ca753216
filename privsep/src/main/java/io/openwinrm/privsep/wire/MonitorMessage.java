package io.openwinrm.privsep.wire;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The messages between a privilege-separated server's network service (unprivileged) and its monitor (root). The
 * network side sends {@link Request}s, each answered by exactly one {@link Reply} with the same id; the monitor also
 * sends {@link Event}s (id 0). Handles ({@code session}, {@code shell}, {@code process}) are random strings the
 * monitor made: the network side can only name what the monitor gave it. Nothing here names an account to run as:
 * the monitor derives it from the session it authenticated and its own endpoint configuration.
 */
public sealed interface MonitorMessage {

    /** The protocol version this code speaks. */
    int VERSION = 1;

    /** Network → monitor. */
    sealed interface Request extends MonitorMessage {
        long id();
    }

    /** Monitor → network: the answer to the request with the same id. */
    sealed interface Reply extends MonitorMessage {
        long id();
    }

    /** Monitor → network, unasked. */
    sealed interface Event extends MonitorMessage {
    }

    // ---- requests ------------------------------------------------------------------------------------------------

    /** First message: the network side's protocol version. */
    record Hello(long id, int version) implements Request {
    }

    /**
     * One leg of an HTTP authentication exchange ({@code Basic}, {@code Negotiate}, {@code NTLM}): the monitor keeps
     * the mechanism's state per {@code exchange}.
     *
     * @param channelBinding the TLS server end-point hash of the connection (RFC 5929), empty on plain HTTP
     */
    record Authenticate(long id, long exchange, String scheme, byte[] token, String remoteAddress, boolean secure,
                        byte[] channelBinding) implements Request {
        public Authenticate {
            token = token.clone();
            channelBinding = channelBinding.clone();
        }
    }

    /** A client certificate chain (DER, leaf first) the TLS layer accepted, to verify and map to an account. */
    record AuthenticateCertificate(long id, List<byte[]> chain, String remoteAddress) implements Request {
        public AuthenticateCertificate {
            chain = chain.stream().map(byte[]::clone).toList();
        }
    }

    /** A new shell for the session's account on {@code endpoint} (the monitor decides who it runs as). */
    record OpenShell(long id, String session, String endpoint, String clientAddress) implements Request {
    }

    record CloseShell(long id, String shell) implements Request {
    }

    /** Whether the session's user may open or take over a shell on {@code endpoint} (the monitor's configuration). */
    record DecideAccess(long id, String session, String endpoint) implements Request {
    }

    /** Whether the shell's account could make {@code path} its working directory (judged as that account). */
    record CanEnter(long id, String shell, String path) implements Request {
    }

    /**
     * Starts a command of the shell: {@code argv} in {@code cwd} with {@code env} (applied after the switch to the
     * shell's account), under a new pseudo-terminal when {@code terminal} is present.
     */
    record Launch(long id, String shell, List<String> argv, String cwd, Map<String, String> env,
                  Optional<Terminal> terminal) implements Request {
    }

    /** A pseudo-terminal's type and size. */
    record Terminal(String term, int columns, int rows) {
    }

    /** Starts the stateful login-shell interpreter of the shell. */
    record StartInterpreter(long id, String shell, List<String> argv, String cwd, Map<String, String> env)
            implements Request {
    }

    /** Runs one command line in an interpreter the monitor started. */
    record RunInInterpreter(long id, String interpreter, String commandLine) implements Request {
    }

    /** Signals a process the monitor started ({@code INTERRUPT}, {@code TERMINATE}, {@code KILL}, {@code QUIT}). */
    record SignalProcess(long id, String process, String signal) implements Request {
    }

    /** Kills a process (its whole group) or an interpreter. */
    record DestroyProcess(long id, String process) implements Request {
    }

    /** Whether the shell's sandbox has hit a limit. */
    record SandboxStatus(long id, String shell) implements Request {
    }

    /** Kills every process of the shell. */
    record KillAll(long id, String shell) implements Request {
    }

    /** One audit record (a JSON object on one line) for the monitor's audit log; answered Ok once appended. */
    record Audit(long id, String json) implements Request {
    }

    /** Text for the shell's transcript (kept by the monitor where the endpoint asks for transcripts). */
    record Transcript(long id, String shell, String shellId, String text) implements Request {
    }

    // ---- replies -------------------------------------------------------------------------------------------------

    /** What the network side must know about the server. */
    record HelloReply(long id, int version, String serverAccount, int serverUid, boolean switching,
                      boolean hideProcesses) implements Reply {
    }

    record Ok(long id) implements Reply {
    }

    /** Why a request was refused; {@code kind} says how the network side reports it. */
    record Failed(long id, Failure kind, String message) implements Reply {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Kinds of refusal. */
    enum Failure {
        /** The caller may not (access list, policy, loader variables): w:AccessDenied. */
        ACCESS_DENIED,
        /** No such handle (never given, or gone). */
        NOT_FOUND,
        /** The endpoint's identity, limits or transcripts cannot be provided. */
        UNAVAILABLE,
        /** The program cannot be found as the account would look for it. */
        NO_SUCH_PROGRAM,
        /** A malformed or over-limit request. */
        INVALID,
        /** Anything else that went wrong starting something. */
        FAILED
    }

    record AuthContinue(long id, byte[] token) implements Reply {
        public AuthContinue {
            token = token.clone();
        }
    }

    /**
     * @param session    the handle that proves this authentication to the monitor later
     * @param sealing    what the network side needs to seal this connection's messages; empty for none (Basic)
     * @param replyToken the final token for the client (Kerberos AP-REP, SPNEGO accept-completed), empty for none
     */
    record AuthSuccess(long id, String user, String mechanism, Optional<String> domain, String session,
                       Optional<Sealing> sealing, byte[] replyToken) implements Reply {
        public AuthSuccess {
            Objects.requireNonNull(sealing, "sealing");
            replyToken = replyToken.clone();
        }
    }

    /** A message-sealing context handed from the monitor to the network side right after the authentication. */
    sealed interface Sealing permits NtlmSealing, KerberosSealing {
    }

    /**
     * @param exportedSessionKey NTLM's exported session key ([MS-NLMP] 3.4)
     * @param outgoingSequence   the context's next outgoing sequence number
     * @param incomingSequence   the context's next incoming sequence number
     */
    record NtlmSealing(byte[] exportedSessionKey, long outgoingSequence, long incomingSequence) implements Sealing {
        public NtlmSealing {
            exportedSessionKey = exportedSessionKey.clone();
        }
    }

    /**
     * RFC 4121 message protection with the Kerberos context's key.
     *
     * @param encryptionType   the key's etype (AES only)
     * @param key              the context key
     * @param acceptorSubkey   whether tokens carry the AcceptorSubkey flag
     * @param outgoingSequence our next sequence number
     * @param incomingSequence the peer's next one, when a message already fixed it
     * @param protocol         the encrypted bodies' protocol string
     */
    record KerberosSealing(int encryptionType, byte[] key, boolean acceptorSubkey, long outgoingSequence,
                           OptionalLong incomingSequence, String protocol) implements Sealing {
        public KerberosSealing {
            key = key.clone();
        }
    }

    record AuthFailure(long id, String reason, Optional<String> userName) implements Reply {
    }

    /** An OS account as the network side needs it (for environment, audit, the login shell). */
    record Account(String name, int uid, int gid, List<Integer> groupIds, List<String> groupNames, String home,
                   String shell) {
    }

    record ShellOpened(long id, String shell, Optional<Account> runAs, List<String> roles) implements Reply {
    }

    /** A process started; its descriptors come with the message. */
    record Launched(long id, String process, long pid) implements Reply {
    }

    record Answer(long id, boolean value) implements Reply {
    }

    /** The monitor's access decision and its reason. */
    record AccessDecided(long id, boolean allowed, String reason) implements Reply {
    }

    record SandboxState(long id, long limitEvents, Optional<String> limitHit) implements Reply {
    }

    // ---- events --------------------------------------------------------------------------------------------------

    /** A process the monitor started has exited with {@code status} (128 + n after signal n). */
    record Exited(String process, int status) implements Event {
    }

    /**
     * The configuration the network side runs with (it cannot read the state directory): file name relative to its
     * own copy → content. Sent at start and whenever an endpoint or role file changes.
     */
    record Config(Map<String, String> files) implements Event {
    }

    /**
     * The account store or the certificate mapping changed: every verdict the network side reuses (Basic logins,
     * certificate mappings; {@code ReusedVerdicts}) is void from now on. Sent within a quarter of a second of the
     * change.
     */
    record CredentialsChanged() implements Event {
    }
}
