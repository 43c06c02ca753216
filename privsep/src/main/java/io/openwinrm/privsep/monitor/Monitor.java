package io.openwinrm.privsep.monitor;

import io.openwinrm.auth.certificate.CertificateMapper;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.os.LocalProcessLauncher;
import io.openwinrm.os.ipc.UnixSocket;
import io.openwinrm.privsep.wire.MonitorCodec;
import io.openwinrm.privsep.wire.MonitorMessage;
import io.openwinrm.privsep.wire.MonitorMessage.Audit;
import io.openwinrm.privsep.wire.MonitorMessage.Authenticate;
import io.openwinrm.privsep.wire.MonitorMessage.AuthenticateCertificate;
import io.openwinrm.privsep.wire.MonitorMessage.CanEnter;
import io.openwinrm.privsep.wire.MonitorMessage.CloseShell;
import io.openwinrm.privsep.wire.MonitorMessage.Config;
import io.openwinrm.privsep.wire.MonitorMessage.DestroyProcess;
import io.openwinrm.privsep.wire.MonitorMessage.Failed;
import io.openwinrm.privsep.wire.MonitorMessage.Failure;
import io.openwinrm.privsep.wire.MonitorMessage.Hello;
import io.openwinrm.privsep.wire.MonitorMessage.HelloReply;
import io.openwinrm.privsep.wire.MonitorMessage.KillAll;
import io.openwinrm.privsep.wire.MonitorMessage.Launch;
import io.openwinrm.privsep.wire.MonitorMessage.Ok;
import io.openwinrm.privsep.wire.MonitorMessage.OpenShell;
import io.openwinrm.privsep.wire.MonitorMessage.Request;
import io.openwinrm.privsep.wire.MonitorMessage.RunInInterpreter;
import io.openwinrm.privsep.wire.MonitorMessage.SandboxStatus;
import io.openwinrm.privsep.wire.MonitorMessage.SignalProcess;
import io.openwinrm.privsep.wire.MonitorMessage.StartInterpreter;
import io.openwinrm.privsep.wire.MonitorMessage.Transcript;
import io.openwinrm.privsep.wire.WireException;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.audit.JsonLinesAuditLog;
import io.openwinrm.transport.server.AuthThrottleSettings;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root half of a privilege-separated server (OpenSSH's monitor): it serves one connection from the network
 * service, which runs as an unprivileged account with no capabilities. It owns the secrets (account store,
 * certificate mapping), verifies every credential itself ({@link MonitorAuth}) and alone switches identity: it
 * starts processes only for sessions it authenticated, as the account the session and its own endpoint
 * configuration say ({@link MonitorShells}), and hands their descriptors over. Anything it refuses is logged (and
 * answered {@link Failed}); a malformed or oversized message is logged and ignored. When the connection ends it
 * closes every shell — killing every process of them — and {@link #run} returns.
 */
public final class Monitor {

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    /**
     * What the monitor works with.
     *
     * @param mechanisms     the enabled HTTP authentication schemes, verifying against the account store
     * @param certificates   the certificate mapping, where certificate authentication is on
     * @param clientCas      the issuers trusted for client certificates
     * @param access         endpoints, callers, temporary accounts, the audit log
     * @param auditLog       the audit log records from the network side are appended to
     * @param launcher       starts processes whose descriptors can be handed over
     * @param networkFiles   the configuration the network side runs with (sent at start and after each change)
     * @param throttle       the brake on failed authentications, applied here per account too
     */
    public record Setup(List<AuthMechanismFactory> mechanisms, Optional<CertificateMapper> certificates,
                        List<X509Certificate> clientCas, AccessControl access, JsonLinesAuditLog auditLog,
                        LocalProcessLauncher launcher, Supplier<Map<String, String>> networkFiles,
                        AuthThrottleSettings throttle) {
    }

    private final UnixSocket socket;
    private final Setup setup;
    private final MonitorAuth auth;
    private final MonitorShells shells;
    private final ExecutorService workers;
    private final AtomicBoolean helloSeen = new AtomicBoolean();
    private volatile boolean stopped;

    public Monitor(UnixSocket socket, Setup setup) {
        this.socket = socket;
        this.setup = setup;
        this.auth = new MonitorAuth(setup.mechanisms(), setup.certificates(), setup.clientCas(), setup.throttle(),
                System::nanoTime);
        this.shells = new MonitorShells(auth, setup.access(), setup.launcher(), exit -> send(exit, new int[0]));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "monitor-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Serves requests until the network side disconnects, then closes every shell. */
    public void run() {
        try {
            while (true) {
                UnixSocket.Message message;
                try {
                    message = socket.receive();
                } catch (UnixSocket.TruncatedMessageException e) {
                    LOG.warn("monitor: refused an oversized message from the network service: {}", e.getMessage());
                    continue;
                }
                if (message == null) {
                    LOG.warn("monitor: the network service closed its connection");
                    return;
                }
                Arrays.stream(message.fds()).forEach(UnixSocket::quietClose);
                MonitorMessage decoded;
                try {
                    decoded = MonitorCodec.decode(message.data());
                } catch (WireException e) {
                    LOG.warn("monitor: refused a malformed message from the network service: {}", e.getMessage());
                    continue;
                }
                if (!(decoded instanceof Request request)) {
                    LOG.warn("monitor: refused a message the network service may not send: {}",
                            decoded.getClass().getSimpleName());
                    continue;
                }
                if (!helloSeen.get() && !(request instanceof Hello)) {
                    LOG.warn("monitor: refused {} before Hello", request.getClass().getSimpleName());
                    continue;
                }
                if (request instanceof Audit audit) {
                    // appended in the order sent, before anything sent after it is acted on, and acknowledged
                    send(append(audit), new int[0]);
                } else {
                    workers.execute(() -> answer(request));
                }
            }
        } catch (IOException e) {
            LOG.warn("monitor: connection to the network service failed: {}", e.getMessage());
        } finally {
            stopped = true;
            shells.closeAll();
            workers.shutdownNow();
            socket.close();
        }
    }

    private void answer(Request request) {
        MonitorShells.Answered answered;
        try {
            answered = handle(request);
        } catch (RuntimeException e) {
            LOG.error("monitor: {} failed", request.getClass().getSimpleName(), e);
            answered = new MonitorShells.Answered(new Failed(request.id(), Failure.FAILED, e.toString()));
        }
        send(answered.reply(), answered.fds());
        answered.afterSend().run();
    }

    private MonitorShells.Answered handle(Request request) {
        if (request instanceof Hello h) {
            return hello(h);
        }
        if (request instanceof Authenticate a) {
            return new MonitorShells.Answered(auth.authenticate(a));
        }
        if (request instanceof AuthenticateCertificate c) {
            return new MonitorShells.Answered(auth.certificate(c));
        }
        if (request instanceof OpenShell o) {
            return shells.open(o);
        }
        if (request instanceof MonitorMessage.DecideAccess d) {
            return shells.decideAccess(d);
        }
        if (request instanceof CloseShell c) {
            return shells.close(c);
        }
        if (request instanceof CanEnter c) {
            return shells.canEnter(c);
        }
        if (request instanceof Launch l) {
            return shells.launch(l);
        }
        if (request instanceof StartInterpreter s) {
            return shells.startInterpreter(s);
        }
        if (request instanceof RunInInterpreter r) {
            return shells.runInInterpreter(r);
        }
        if (request instanceof SignalProcess s) {
            return shells.signal(s);
        }
        if (request instanceof DestroyProcess d) {
            return shells.destroy(d);
        }
        if (request instanceof SandboxStatus s) {
            return shells.status(s);
        }
        if (request instanceof KillAll k) {
            return shells.killAll(k);
        }
        if (request instanceof Transcript t) {
            return shells.transcript(t);
        }
        return new MonitorShells.Answered(new Failed(request.id(), Failure.INVALID, "unexpected request"));
    }

    /** An audit record from the network side, appended (a record it may not append is logged and refused). */
    private MonitorMessage append(Audit audit) {
        try {
            setup.auditLog().appendLine(audit.json());
            return new Ok(audit.id());
        } catch (IllegalArgumentException e) {
            LOG.warn("monitor: refused an audit record: {}", e.getMessage());
            return new Failed(audit.id(), Failure.INVALID, e.getMessage());
        }
    }

    private MonitorShells.Answered hello(Hello h) {
        if (h.version() != MonitorMessage.VERSION || !helloSeen.compareAndSet(false, true)) {
            LOG.warn("monitor: refused Hello version {}", h.version());
            return new MonitorShells.Answered(new Failed(h.id(), Failure.INVALID, "protocol version "
                    + MonitorMessage.VERSION + " only, once"));
        }
        var self = setup.access().callers().accounts().self();
        return new MonitorShells.Answered(new HelloReply(h.id(), MonitorMessage.VERSION, self.name(), self.uid(),
                setup.access().callers().switching(), setup.access().hideOtherUsersProcesses()), new int[0],
                this::sendConfig);
    }

    /** Sends the network side its configuration (again, after a change). */
    public void sendConfig() {
        send(new Config(setup.networkFiles().get()), new int[0]);
    }

    /** Tells the network side that the account store changed (the Basic verdicts it reuses are void). */
    public void credentialsChanged() {
        send(new MonitorMessage.CredentialsChanged(), new int[0]);
    }

    private boolean send(MonitorMessage message, int[] fds) {
        if (stopped) {
            return false; // the network side is gone: nothing to tell it
        }
        try {
            socket.send(MonitorCodec.encode(message), fds);
            return true;
        } catch (IOException e) {
            LOG.warn("monitor: cannot send {}: {}", message.getClass().getSimpleName(), e.getMessage());
            return false;
        }
    }
}
