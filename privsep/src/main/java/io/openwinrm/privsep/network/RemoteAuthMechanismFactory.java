package io.openwinrm.privsep.network;

import io.openwinrm.auth.kerberos.EncryptionType;
import io.openwinrm.auth.kerberos.KerberosSessionSecurity;
import io.openwinrm.auth.ntlm.NtlmSessionSecurity;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.SecurityContext;
import io.openwinrm.privsep.wire.MonitorMessage.AuthContinue;
import io.openwinrm.privsep.wire.MonitorMessage.AuthFailure;
import io.openwinrm.privsep.wire.MonitorMessage.AuthSuccess;
import io.openwinrm.privsep.wire.MonitorMessage.Authenticate;
import io.openwinrm.privsep.wire.MonitorMessage.KerberosSealing;
import io.openwinrm.privsep.wire.MonitorMessage.NtlmSealing;
import io.openwinrm.privsep.wire.MonitorMessage.Sealing;
import io.openwinrm.privsep.wire.MonitorMessage.Reply;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An authentication scheme whose every step the monitor runs: the network side never sees a password hash or the
 * account store, only the monitor's verdict, the session handle that proves it ({@link
 * AuthenticatedUser#monitorSession()}), and for NTLM the session key it needs to seal messages. The scheme's name,
 * challenge and binding come from {@code template}, a factory of the same scheme whose own mechanism is never used.
 * A stateless scheme's successes (Basic) are reused for a while ({@link ReusedVerdicts}), as the one-process server
 * remembers verified credentials.
 */
public final class RemoteAuthMechanismFactory implements AuthMechanismFactory {

    private static final AtomicLong EXCHANGES = new AtomicLong();

    private final MonitorClient monitor;
    private final AuthMechanismFactory template;
    private final ReusedVerdicts reused = new ReusedVerdicts(System::nanoTime);

    public RemoteAuthMechanismFactory(MonitorClient monitor, AuthMechanismFactory template) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.template = Objects.requireNonNull(template, "template");
        monitor.onCredentialsChanged(reused::invalidate);
    }

    @Override
    public String scheme() {
        return template.scheme();
    }

    @Override
    public String challenge() {
        return template.challenge();
    }

    @Override
    public boolean allowedOnInsecureChannel() {
        return template.allowedOnInsecureChannel();
    }

    @Override
    public boolean connectionBound() {
        return template.connectionBound();
    }

    @Override
    public AuthMechanism create() {
        long exchange = EXCHANGES.incrementAndGet();
        return (token, connection) -> step(exchange, token, connection);
    }

    private AuthStep step(long exchange, byte[] token, ConnectionInfo connection) {
        boolean stateless = !template.connectionBound();
        long generation = reused.generation();
        if (stateless) {
            Optional<AuthenticatedUser> known = reused.get(scheme(), connection.secure(), token);
            if (known.isPresent()) {
                return new AuthStep.Success(known.get(), Optional.empty(), new byte[0]);
            }
        }
        Reply reply;
        try {
            reply = monitor.call(id -> new Authenticate(id, exchange, scheme(), token,
                    connection.remoteAddress().getHostString(), connection.secure(),
                    connection.tlsServerEndPoint().orElse(new byte[0]))).reply();
        } catch (IOException e) {
            return new AuthStep.Failure("the monitor did not verify the credentials: " + e.getMessage());
        }
        if (reply instanceof AuthContinue c) {
            return new AuthStep.Continue(c.token());
        }
        if (reply instanceof AuthSuccess s) {
            Optional<SecurityContext> context;
            try {
                context = s.sealing().map(RemoteAuthMechanismFactory::resume);
            } catch (IllegalArgumentException e) {
                return new AuthStep.Failure("the monitor handed over an unusable sealing context: " + e.getMessage());
            }
            AuthenticatedUser user = new AuthenticatedUser(s.user(), s.mechanism(), s.domain(), List.of(),
                    Optional.of(s.session()));
            if (stateless && context.isEmpty() && s.replyToken().length == 0) {
                reused.put(scheme(), connection.secure(), token, user, generation);
            }
            return new AuthStep.Success(user, context, s.replyToken());
        }
        if (reply instanceof AuthFailure f) {
            return new AuthStep.Failure(f.reason(), f.userName());
        }
        return new AuthStep.Failure("unexpected answer from the monitor");
    }

    /** The monitor's context, continued here: NTLM from its exported key, Kerberos from its context key. */
    static SecurityContext resume(Sealing sealing) {
        if (sealing instanceof NtlmSealing n) {
            return NtlmSessionSecurity.acceptor(n.exportedSessionKey(), n.outgoingSequence(), n.incomingSequence());
        }
        KerberosSealing k = (KerberosSealing) sealing;
        EncryptionType type = EncryptionType.of(k.encryptionType()).orElseThrow(
                () -> new IllegalArgumentException("encryption type " + k.encryptionType()));
        return KerberosSessionSecurity.acceptor(type, k.key(), k.acceptorSubkey(), k.outgoingSequence(),
                k.incomingSequence(), k.protocol());
    }
}
