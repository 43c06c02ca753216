package io.openwinrm.auth.credssp;

import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.ConnectionInfo;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * One connection's CredSSP acceptor over HTTP ([MS-CSSP] 3.1.5; [MS-WSMV] 3.1.4.1.28): the TLS session carried in
 * the {@code CredSSP} tokens (step 1), and the TSRequests inside it handed to {@code requests} — a
 * {@link CredSspAcceptor} in this process, or on a privilege-separated server one that forwards them to the monitor.
 *
 * <pre>
 * TLS ── handshake records ──▶ TLS … ─ handshake done ─▶ REQUESTS ── TSRequest ─ Continue ──▶ REQUESTS
 *                                                                    └─ Success ──▶ DONE (TLS message sealing)
 * any error ──▶ FAILED (Failure; the TLS engine is dropped, nothing is kept)
 * </pre>
 *
 * A successful logon's messages are then encrypted by this TLS session ({@link CredSspSessionSecurity}).
 */
final class CredSspMechanism implements AuthMechanism {

    private enum Phase { TLS, REQUESTS, DONE, FAILED }

    private final InnerTls tls;
    private final AuthMechanism requests;
    private Phase phase = Phase.TLS;

    CredSspMechanism(InnerTls tls, AuthMechanism requests) {
        this.tls = tls;
        this.requests = requests;
    }

    @Override
    public AuthStep step(byte[] token, ConnectionInfo connection) {
        Phase current = phase;
        phase = Phase.FAILED;
        AuthStep next;
        try {
            next = switch (current) {
                case TLS -> handshake(token, connection);
                case REQUESTS -> {
                    InnerTls.Step s = tls.feed(token, CredSspCodec.MAX_TS_REQUEST);
                    if (s.output().length > 0 || !s.handshakeDone()) {
                        throw new CredSspException("TLS renegotiation inside CredSSP is not accepted");
                    }
                    yield request(s.applicationData(), new byte[0], connection);
                }
                case DONE -> new AuthStep.Failure("CredSSP handshake already complete on this connection");
                case FAILED -> new AuthStep.Failure("CredSSP handshake already failed on this connection");
            };
        } catch (SSLException e) {
            next = new AuthStep.Failure("CredSSP TLS: " + e.getMessage());
        } catch (CredSspException e) {
            next = new AuthStep.Failure("CredSSP: " + e.getMessage());
        }
        if (next instanceof AuthStep.Failure) {
            phase = Phase.FAILED;
            tls.close();
        }
        return next;
    }

    private AuthStep handshake(byte[] token, ConnectionInfo connection) throws SSLException, CredSspException {
        InnerTls.Step s = tls.feed(token, CredSspCodec.MAX_TS_REQUEST);
        if (!s.handshakeDone()) {
            if (s.output().length == 0) {
                throw new CredSspException("TLS handshake stalled: the token completed no handshake message");
            }
            phase = Phase.TLS;
            return new AuthStep.Continue(s.output());
        }
        if (s.applicationData().length == 0) {
            // the client's last handshake flight; its first TSRequest comes with the next leg
            phase = Phase.REQUESTS;
            return new AuthStep.Continue(s.output());
        }
        return request(s.applicationData(), s.output(), connection);
    }

    /** One TSRequest to {@code requests}; {@code pending} are handshake records to send before the reply. */
    private AuthStep request(byte[] tsRequest, byte[] pending, ConnectionInfo connection)
            throws SSLException, CredSspException {
        if (tsRequest.length == 0) {
            throw new CredSspException("a CredSSP token without a TSRequest");
        }
        AuthStep step = requests.step(tsRequest, connection);
        if (step instanceof AuthStep.Continue c) {
            phase = Phase.REQUESTS;
            return new AuthStep.Continue(concat(pending, tls.wrap(c.token())));
        }
        if (step instanceof AuthStep.Success s) {
            phase = Phase.DONE;
            return new AuthStep.Success(s.user(), Optional.of(new CredSspSessionSecurity(tls)), new byte[0]);
        }
        return step;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
