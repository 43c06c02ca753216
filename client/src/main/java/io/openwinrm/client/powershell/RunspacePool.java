package io.openwinrm.client.powershell;

import io.openwinrm.client.WinRmException;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.ConnectResponse;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DeleteRequest;
import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.ReconnectRequest;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellOption;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.protocol.wsman.Option;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.IntegerType;
import io.openwinrm.psrp.clixml.PsInteger;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.command.CommandParameter;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.message.ApartmentState;
import io.openwinrm.psrp.message.ApplicationPrivateData;
import io.openwinrm.psrp.message.ConnectRunspacePool;
import io.openwinrm.psrp.message.DotNetGuid;
import io.openwinrm.psrp.message.HostCall;
import io.openwinrm.psrp.message.HostInfo;
import io.openwinrm.psrp.message.InitRunspacePool;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.PsThreadOptions;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.RunspacePoolInitData;
import io.openwinrm.psrp.message.RunspacePoolStateMessage;
import io.openwinrm.psrp.message.SessionCapability;
import io.openwinrm.psrp.state.RunspacePoolState;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A PowerShell runspace pool on a remote host: one WS-Man shell of a PowerShell resource URI ([MS-PSRP] 3.1.5.3.1).
 * Thread-safe; many {@link Pipeline}s may run at once (as many as MaxRunspaces execute, the rest wait on the
 * server). While the pool is open one Receive is always pending on it (3.1.4.1: host calls and state changes arrive
 * there; a pool nobody polls is disconnected by Windows).
 *
 * <p>States, as the client sees them ({@link #state()}, 2.2.3.4): {@code Opening → NegotiationSent →
 * NegotiationSucceeded → Opened}, or {@code Connecting → Opened} for a pool connected from another process;
 * {@code Opened ⇄ Disconnected}; {@code Closing → Closed}; Broken when the server says so or the pool can no longer be
 * reached. {@link #close()} deletes the pool on the server (3.1.5.3.13), unless it was {@link #disconnect()
 * disconnected}: then it stays there for a later {@link #reconnect()} or {@link PowerShellClient#connect}.
 */
public final class RunspacePool implements AutoCloseable {
    /** [MS-PSRP] 3.1.5.3.9 and PowerShell's client spell it "crtl". */
    static final String STOP_SIGNAL = "powershell/signal/crtl_c";
    static final String TERMINATE_SIGNAL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate";

    private final ShellTransport transport;
    private final String resourceUri;
    private final UUID id;
    private final String shellId;
    private final PoolOptions options;
    private final MessageBodyCodec codec = new MessageBodyCodec();
    private final Outbound outbound;
    private final PoolStates states = new PoolStates();
    private final Map<UUID, Pipeline> pipelines = new ConcurrentHashMap<>();
    private final Object poolSendLock = new Object();
    private final Defragmenter defragmenter = new Defragmenter();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile SessionCapability serverCapability;
    private volatile ApplicationPrivateData privateData;
    private volatile RunspacePoolInitData initData;
    private volatile RunspacePoolBrokenException broken;
    private final SessionKey sessionKey = new SessionKey();
    private final ReceiveThread receiver;

    private RunspacePool(ShellTransport transport, String resourceUri, UUID id, PoolOptions options,
            int maxEnvelopeSize) {
        this.transport = transport;
        this.resourceUri = resourceUri;
        this.id = id;
        this.shellId = id.toString().toUpperCase(Locale.ROOT);
        this.receiver = new ReceiveThread("psrp-pool-" + shellId, this::receiveLoop);
        this.options = options;
        this.outbound = new Outbound(codec, maxEnvelopeSize);
    }

    /**
     * Creates the pool ([MS-PSRP] 3.1.5.3.1): a Create whose creationXml carries SESSION_CAPABILITY and
     * INIT_RUNSPACEPOOL, with the {@code protocolversion} option, then Receives until RUNSPACEPOOL_STATE says Opened.
     * On any failure the shell is deleted again and the transport closed.
     */
    static RunspacePool open(ShellTransport transport, String resourceUri, PoolOptions options, int maxEnvelopeSize) {
        RunspacePool pool = new RunspacePool(transport, resourceUri, UUID.randomUUID(), options, maxEnvelopeSize);
        try {
            pool.create();
            pool.awaitOpened();
            return pool;
        } catch (RuntimeException e) {
            pool.abandon();
            throw e;
        }
    }

    /**
     * Connects to a disconnected pool of the same user from this process ([MS-PSRP] 3.1.5.3.15, [MS-WSMV] 3.1.4.17):
     * a Connect whose connectXml carries SESSION_CAPABILITY and CONNECT_RUNSPACEPOOL; the answer's
     * connectResponseXml holds the server's capability and RUNSPACEPOOL_INIT_DATA.
     */
    static RunspacePool connect(ShellTransport transport, String resourceUri, String shellId, PoolOptions options,
            int maxEnvelopeSize) {
        UUID id;
        try {
            id = UUID.fromString(shellId);
        } catch (IllegalArgumentException e) {
            transport.close();
            throw new IllegalArgumentException("a runspace pool id is a GUID, not '" + shellId + "'");
        }
        RunspacePool pool = new RunspacePool(transport, resourceUri, id, options, maxEnvelopeSize);
        try {
            pool.connectShell();
            return pool;
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** The pool's id: its RPID and (upper case) its ShellId. */
    public UUID id() {
        return id;
    }

    /** The WS-Man ShellId (the RPID in upper case, as PowerShell sends it). */
    public String shellId() {
        return shellId;
    }

    /**
     * The resource URI of the pool's configuration, e.g.
     * {@code http://schemas.microsoft.com/powershell/Microsoft.PowerShell}.
     */
    public String resourceUri() {
        return resourceUri;
    }

    /** The client's view of the pool's state. */
    public RunspacePoolState state() {
        return states.get();
    }

    /** The server's SESSION_CAPABILITY ([MS-PSRP] 2.2.2.1), once received. */
    public Optional<SessionCapability> serverCapability() {
        return Optional.ofNullable(serverCapability);
    }

    /**
     * The server's APPLICATION_PRIVATE_DATA ([MS-PSRP] 2.2.2.13), e.g. its {@code PSVersionTable}; empty for a pool
     * taken up by connect, where the server need not send it again.
     */
    public Optional<ApplicationPrivateData> applicationPrivateData() {
        return Optional.ofNullable(privateData);
    }

    /** The pool's size as the server reported it on Connect (RUNSPACEPOOL_INIT_DATA, 2.2.2.30). */
    public Optional<RunspacePoolInitData> initData() {
        return Optional.ofNullable(initData);
    }

    /** The largest raw payload (fragment bytes) one request of this pool carries. */
    public int fragmentSize() {
        return outbound.payloadLimit();
    }

    /** Starts a pipeline whose objects and records go to {@code listener} as they arrive. */
    public Pipeline start(PipelineRequest request, PipelineListener listener) {
        ensureOpened("start a pipeline");
        Pipeline p = new Pipeline(this, UUID.randomUUID(), request, listener == null ? PipelineListener.IGNORE
                : listener);
        pipelines.put(p.id(), p);
        try {
            p.create();
        } catch (RuntimeException e) {
            pipelines.remove(p.id());
            throw e;
        }
        return p;
    }

    /**
     * Starts a pipeline whose output this handle does not read: all it produces stays buffered on the server for a
     * {@link #connectPipeline} after {@link #disconnect()}, from this or another process (as
     * {@code Invoke-Command -InDisconnectedSession} does; [MS-PSRP] 3.1.4.10.1, 3.1.5.3.16). Nothing is received for
     * it here, so a host call it makes waits until a client connects to it.
     *
     * @return the pipeline's id, for {@link #connectPipeline}
     */
    public UUID startDetached(PipelineRequest request) {
        ensureOpened("start a pipeline");
        Pipeline p = new Pipeline(this, UUID.randomUUID(), request, PipelineListener.IGNORE);
        p.create(false);
        return p.id();
    }

    /**
     * Runs a pipeline to its end and collects everything it produced.
     *
     * @param timeout how long to wait; the pipeline is stopped when it runs longer
     * @throws PowerShellException if it did not end in time even after the stop
     */
    public InvokeResult invoke(PipelineRequest request, Duration timeout) {
        Collector c = new Collector();
        Pipeline p = start(request, c);
        if (request.input()) {
            p.endInput();
        }
        return c.result(p.await(timeout));
    }

    /**
     * {@code $LASTEXITCODE} of the pool's runspace: the exit code of the last native program a pipeline ran, as
     * PowerShell keeps it between pipelines. Empty when no program ran yet, or when the endpoint does not let the
     * variable be read (a NoLanguage JEA endpoint refuses variable expressions).
     */
    public OptionalInt lastExitCode(Duration timeout) {
        InvokeResult r = invoke(PipelineRequest.script("$LASTEXITCODE"), timeout);
        if (r.hadErrors() || r.output().size() != 1 || !(PsValues.toJava(r.output().get(0)) instanceof Long code)
                || code < Integer.MIN_VALUE || code > Integer.MAX_VALUE) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(code.intValue());
    }

    /**
     * Tab completion as Enter-PSSession does it: {@code TabExpansion2 -inputScript input -cursorColumn cursor} in the
     * pool's runspace. Empty when the endpoint has no TabExpansion2 (a JEA endpoint hides it) or answers something
     * else.
     *
     * @param cursor where the cursor stands in {@code input}, 0 to its length
     */
    public Optional<CommandCompletion> complete(String input, int cursor, Duration timeout) {
        if (cursor < 0 || cursor > input.length()) {
            throw new IllegalArgumentException("cursor " + cursor + " outside the input (length " + input.length()
                    + ")");
        }
        InvokeResult r = invoke(PipelineRequest.command("TabExpansion2",
                new CommandParameter("inputScript", new PsString(input)),
                new CommandParameter("cursorColumn", new PsInteger(IntegerType.INT32, cursor))), timeout);
        if (r.hadErrors() || r.output().size() != 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(CommandCompletion.of(r.output().get(0), input.length()));
    }

    /**
     * The session key exchange ([MS-PSRP] 3.1.5.4.6): sends PUBLIC_KEY and waits for the server's
     * ENCRYPTED_SESSION_KEY, so that SecureStrings can travel ({@link #secureString}, {@link #reveal}). Done once per
     * pool; later calls return at once.
     *
     * @throws PowerShellException if the server does not answer within {@code timeout} or sends an unusable key
     */
    public void exchangeKeys(Duration timeout) {
        ensureOpened("exchange keys");
        sessionKey.exchange(() -> send(StreamNames.STDIN, null, DotNetGuid.NIL, List.of(
                new io.openwinrm.psrp.message.PublicKey(sessionKey.publicKeyBlob())), poolSendLock), timeout);
    }

    /**
     * A SecureString ({@code <SS>}, [MS-PSRP] 2.2.5.1.24) of {@code text} under this pool's session key, e.g. for a
     * {@code -Password} parameter. The caller may clear {@code text} afterwards.
     *
     * @throws PowerShellException before {@link #exchangeKeys}
     */
    public io.openwinrm.psrp.clixml.PsSecureString secureString(char[] text) {
        return sessionKey.encrypt(text);
    }

    /**
     * The text of a SecureString the server sent in this pool; the caller should clear the array when done.
     *
     * @throws PowerShellException before {@link #exchangeKeys}, or for a value not made with this pool's key
     */
    public char[] reveal(io.openwinrm.psrp.clixml.PsSecureString value) {
        return sessionKey.decrypt(value);
    }

    /**
     * A pipeline that was running when the pool was disconnected, taken up with a Connect of its CommandId
     * ([MS-PSRP] 3.1.5.3.16) after {@link PowerShellClient#connect}: what it produced meanwhile arrives first.
     */
    public Pipeline connectPipeline(UUID pipelineId, PipelineListener listener) {
        ensureOpened("connect to a pipeline");
        Pipeline p = new Pipeline(this, pipelineId, null, listener == null ? PipelineListener.IGNORE : listener);
        pipelines.put(pipelineId, p);
        try {
            transport.call(WsmanAction.CONNECT, resourceUri, shellId, OptionSet.EMPTY,
                    new ConnectRequest(null, p.commandId()), null);
            p.startReceiving();
        } catch (RuntimeException e) {
            pipelines.remove(pipelineId);
            throw e;
        }
        return p;
    }

    /**
     * Disconnects the pool ([MS-PSRP] 3.1.4.10.1, [MS-WSMV] 3.1.4.15): it stays on the server with its running
     * pipelines, whose output is buffered, until {@link #reconnect()}, a {@link PowerShellClient#connect} from any
     * process of the same user, or {@code idleTimeout}. This handle's receives stop; {@link #close()} then only
     * releases connections.
     *
     * @param idleTimeout how long the server keeps it, or null for its default
     */
    public void disconnect(Duration idleTimeout) {
        states.move(RunspacePoolState.OPENED, RunspacePoolState.DISCONNECTED, "disconnect");
        try {
            transport.call(WsmanAction.DISCONNECT, resourceUri, shellId, OptionSet.EMPTY,
                    new DisconnectRequest(Optional.ofNullable(idleTimeout)), null);
        } catch (RuntimeException e) {
            states.tryMove(RunspacePoolState.OPENED);
            throw e;
        }
        joinReceiver();
        pipelines.values().forEach(Pipeline::joinReceiver);
    }

    /** {@link #disconnect(Duration)} with the server's idle timeout. */
    public void disconnect() {
        disconnect(null);
    }

    /**
     * Takes up the pool this handle disconnected ([MS-PSRP] 3.1.4.10.2, [MS-WSMV] 3.1.4.16); the pipelines that were
     * running go on delivering to their listeners, first what was buffered meanwhile.
     */
    public void reconnect() {
        if (states.get() != RunspacePoolState.DISCONNECTED) {
            throw new PowerShellException("cannot reconnect: the runspace pool is " + states.get()
                    + ", not Disconnected");
        }
        transport.call(WsmanAction.RECONNECT, resourceUri, shellId, OptionSet.EMPTY, new ReconnectRequest(), null);
        states.move(RunspacePoolState.DISCONNECTED, RunspacePoolState.OPENED, "reconnect");
        startReceiver();
        pipelines.values().forEach(Pipeline::startReceiving);
    }

    /**
     * Closes the pool: Delete ([MS-PSRP] 3.1.5.3.13), which stops its pipelines on the server; after a disconnect only
     * the connections are released and the pool stays on the server. Idempotent.
     */
    @Override
    public void close() {
        RunspacePoolState s = states.get();
        try {
            if (s == RunspacePoolState.OPENED && states.tryMove(RunspacePoolState.CLOSING)) {
                try {
                    transport.call(WsmanAction.DELETE, resourceUri, shellId, OptionSet.EMPTY, new DeleteRequest(),
                            null);
                } finally {
                    states.tryMove(RunspacePoolState.CLOSED);
                }
            } else if (s == RunspacePoolState.DISCONNECTED) {
                states.tryMove(RunspacePoolState.CLOSED);
            } else if (s == RunspacePoolState.BROKEN) {
                deleteQuietly();
            }
        } finally {
            joinReceiver();
            pipelines.values().forEach(p -> p.abort(new PowerShellException("the runspace pool was closed")));
            transport.close();
        }
    }

    // ------------------------------------------------------------------------------------------- open and connect

    private void create() {
        states.move(RunspacePoolState.BEFORE_OPEN, RunspacePoolState.OPENING, "open");
        HostInfo hostInfo = hostInfo();
        InitRunspacePool init = new InitRunspacePool(options.minRunspaces(), options.maxRunspaces(),
                PsThreadOptions.DEFAULT, ApartmentState.UNKNOWN, hostInfo, PsNull.INSTANCE);
        String creationXml = Handshake.payload(outbound, id, init);
        CreateShell body = new CreateShell(shellId, List.of(StreamNames.STDIN, StreamNames.PR),
                List.of(StreamNames.STDOUT), null, Map.of(), options.idleTimeout(), Optional.empty(), options.name(),
                creationXml);
        ShellCreated created = transport.call(WsmanAction.CREATE, resourceUri, null, Handshake.protocolVersion(),
                body, ShellCreated.class);
        if (created.shellId() != null && !created.shellId().equalsIgnoreCase(shellId)) {
            throw new PowerShellException("the service created shell " + created.shellId() + ", not the pool "
                    + shellId + " the client asked for");
        }
        states.move(RunspacePoolState.OPENING, RunspacePoolState.NEGOTIATION_SENT, "open");
        startReceiver();
    }

    private void awaitOpened() {
        try {
            opened.get(options.openTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PowerShellException("the runspace pool did not open within " + options.openTimeout()
                    + " (state " + states.get() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PowerShellException("interrupted while opening the runspace pool", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new PowerShellException("the runspace pool did not open", e.getCause());
        }
    }

    private void connectShell() {
        states.move(RunspacePoolState.BEFORE_OPEN, RunspacePoolState.CONNECTING, "connect");
        String connectXml = Handshake.payload(outbound, id, ConnectRunspacePool.KEEP_SIZES);
        ConnectResponse r = transport.call(WsmanAction.CONNECT, resourceUri, shellId, Handshake.protocolVersion(),
                new ConnectRequest(connectXml), ConnectResponse.class);
        Handshake.ConnectAnswer answer = Handshake.readConnectResponse(codec, r.connectResponseXml());
        serverCapability = answer.capability();
        initData = answer.initData();
        states.move(RunspacePoolState.CONNECTING, RunspacePoolState.OPENED, "connect");
        opened.complete(null);
        startReceiver();
    }

    HostInfo hostInfo() {
        return options.host().isPresent() ? new HostInfo(false, false, true, false, null) : HostInfo.NULL_HOST;
    }

    // ------------------------------------------------------------------------------------------- receiving

    private void startReceiver() {
        receiver.startNew();
    }

    private void joinReceiver() {
        receiver.join();
    }

    /** The pool's Receives ([MS-PSRP] 3.1.5.3.7) while it is open; keep-alive as PowerShell asks. */
    private void receiveLoop() {
        Receiver.run(transport, resourceUri, shellId, null,
                OptionSet.of(new Option(ShellOption.WSMAN_CMDSHELL_OPTION_KEEPALIVE, "TRUE", false)), defragmenter,
                new Receiver.Target() {
                    @Override
                    public boolean live() {
                        return PoolStates.receiving(states.get());
                    }

                    @Override
                    public void message(PsrpMessage message) {
                        dispatch(message);
                    }

                    @Override
                    public void done() {
                        fail("the service ended the runspace pool's output", null, null);
                    }

                    @Override
                    public void failed(RuntimeException e) {
                        fail(e instanceof PsrpException ? "the service sent invalid PSRP data: " + e.getMessage()
                                : e instanceof WinRmException ? "a Receive on the runspace pool failed: "
                                + e.getMessage() : "the runspace pool failed: " + e, null, e);
                    }
                });
    }

    private void dispatch(PsrpMessage message) {
        if (!message.isPoolMessage()) {
            Pipeline p = pipelines.get(message.pipelineId());
            if (p != null) {
                try {
                    p.deliver(message);
                } catch (RuntimeException e) {
                    p.abort(Pipeline.failure(e));
                }
            }
            return;
        }
        MessageBody body = codec.decode(message);
        if (body instanceof SessionCapability c) {
            serverCapability = c.requireCompatible();
            states.tryMove(RunspacePoolState.NEGOTIATION_SUCCEEDED);
        } else if (body instanceof ApplicationPrivateData d) {
            privateData = d;
        } else if (body instanceof RunspacePoolInitData d) {
            initData = d;
        } else if (body instanceof RunspacePoolStateMessage s) {
            onState(s);
        } else if (body instanceof HostCall call) {
            answerHostCall(call, null);
        } else if (body instanceof io.openwinrm.psrp.message.EncryptedSessionKey k) {
            sessionKey.received(k.encryptedSessionKey());
        }
        // RUNSPACE_AVAILABILITY, USER_EVENT, PUBLIC_KEY_REQUEST (PowerShell 2 only): nothing this client asks for
    }

    private void onState(RunspacePoolStateMessage s) {
        Optional<RunspacePoolState> state = RunspacePoolState.fromWire(s.state());
        if (state.isEmpty()) {
            return;
        }
        switch (state.get()) {
            case OPENED -> {
                if (states.get() == RunspacePoolState.NEGOTIATION_SENT) {
                    states.tryMove(RunspacePoolState.NEGOTIATION_SUCCEEDED);
                }
                states.tryMove(RunspacePoolState.OPENED);
                opened.complete(null);
            }
            case BROKEN -> {
                ErrorRecord reason = s.reason().orElse(null);
                fail("the runspace pool is broken" + (reason == null ? "" : ": " + reason.message()), reason, null);
            }
            case CLOSED -> {
                states.tryMove(RunspacePoolState.CLOSED);
                RunspacePoolBrokenException e = new RunspacePoolBrokenException("the service closed the runspace "
                        + "pool", null, null);
                opened.completeExceptionally(e);
                pipelines.values().forEach(p -> p.abort(e));
            }
            default -> {
                // Opening and the rest are the client's own states
            }
        }
    }

    /** The pool is Broken (unless it is being closed or was disconnected, when a failing Receive is expected). */
    private void fail(String message, ErrorRecord reason, Throwable cause) {
        RunspacePoolState s = states.get();
        if (!PoolStates.receiving(s) && reason == null) {
            return;
        }
        RunspacePoolBrokenException e = new RunspacePoolBrokenException(message, reason, cause);
        broken = e;
        states.tryMove(RunspacePoolState.BROKEN);
        opened.completeExceptionally(e);
        sessionKey.failed(e);
        pipelines.values().forEach(p -> p.abort(e));
    }

    // ------------------------------------------------------------------------------------------- for pipelines

    void ensureOpened(String operation) {
        RunspacePoolState s = states.get();
        if (s != RunspacePoolState.OPENED) {
            if (s == RunspacePoolState.BROKEN && broken != null) {
                throw new RunspacePoolBrokenException("cannot " + operation + ": " + broken.getMessage(),
                        broken.reason().orElse(null), broken);
            }
            throw new PowerShellException("cannot " + operation + ": the runspace pool is " + s);
        }
    }

    boolean receiving() {
        return PoolStates.receiving(states.get());
    }

    ShellTransport transport() {
        return transport;
    }

    MessageBodyCodec codec() {
        return codec;
    }

    Outbound outbound() {
        return outbound;
    }

    void forget(Pipeline p) {
        pipelines.remove(p.id(), p);
    }

    /**
     * Sends messages on {@code stream} ({@code stdin}, or {@code pr} for host responses) for the pool or, with a
     * command id, a pipeline ([MS-PSRP] 3.1.5.3.5): as many Sends as the fragments need; a Send the service timed
     * out without taking is sent again.
     */
    void send(String stream, String commandId, UUID pipelineId, List<MessageBody> bodies, Object targetLock) {
        List<PsrpMessage> messages = new ArrayList<>();
        bodies.forEach(b -> messages.add(outbound.message(b, id, pipelineId)));
        synchronized (targetLock) {
            for (byte[] payload : outbound.payloads(messages)) {
                sendPayload(stream, commandId, payload);
            }
        }
    }

    void sendPayload(String stream, String commandId, byte[] payload) {
        SendRequest request = new SendRequest(List.of(new StreamData(stream, commandId, payload, false)));
        for (int attempt = 0; ; attempt++) {
            try {
                transport.call(WsmanAction.SEND, resourceUri, shellId, OptionSet.EMPTY, request, null);
                return;
            } catch (WinRmFaultException e) {
                if (!e.fault().isTimedOut() || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Answers a host call with the pool's host, on {@code pr} ([MS-PSRP] 3.1.5.4.4). */
    void answerHostCall(HostCall call, Pipeline pipeline) {
        PsHost host = options.host().orElse(new PsHost() {
        });
        HostCalls.answer(host, call, text -> {
            if (!sessionKey.ready()) {
                if (pipeline == null) {
                    throw new UnsupportedOperationException("a SecureString for the runspace pool's own host call "
                            + "needs the session key: call exchangeKeys first");
                }
                exchangeKeys(options.openTimeout());
            }
            return sessionKey.encrypt(text);
        }).ifPresent(response -> {
            if (pipeline == null) {
                send(StreamNames.PR, null, DotNetGuid.NIL, List.of(response), poolSendLock);
            } else {
                send(StreamNames.PR, pipeline.commandId(), pipeline.id(), List.of(response), pipeline.sendLock());
            }
        });
    }

    /** Best-effort cleanup after a failed open: delete the shell if it was created, release the connections. */
    private void abandon() {
        RunspacePoolState s = states.get();
        states.tryMove(RunspacePoolState.BROKEN);
        try {
            if (s != RunspacePoolState.BEFORE_OPEN && s != RunspacePoolState.OPENING) {
                deleteQuietly();
            }
        } finally {
            joinReceiver();
            transport.close();
        }
    }

    /** Delete of a pool that failed ([MS-PSRP] 3.1.5.3.13: Broken, then Delete); its own failure is not reported. */
    private void deleteQuietly() {
        try {
            transport.call(WsmanAction.DELETE, resourceUri, shellId, OptionSet.EMPTY, new DeleteRequest(), null);
        } catch (RuntimeException ignored) {
            // the pool already failed; that error is the one to report
        }
    }
}
