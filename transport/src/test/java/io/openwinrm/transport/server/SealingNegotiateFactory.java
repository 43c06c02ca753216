package io.openwinrm.transport.server;

import io.openwinrm.auth.encryption.EncryptionProtocol;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.ConnectionInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake connection-bound two-leg Negotiate scheme that yields a sealing context: leg 1 {@code hello} gets
 * {@code challenge}; leg 2 {@code answer:<n>} succeeds with the server half of {@link FakeSealingContext#pair}
 * for session {@code n}, so each handshake has fresh keys and sequence numbers.
 */
final class SealingNegotiateFactory implements AuthMechanismFactory {

    final List<ConnectionInfo> connections = new CopyOnWriteArrayList<>();

    @Override public String scheme() { return "Negotiate"; }
    @Override public boolean allowedOnInsecureChannel() { return true; }
    @Override public boolean connectionBound() { return true; }

    @Override
    public AuthMechanism create() {
        return new AuthMechanism() {
            private boolean challenged;

            @Override
            public AuthStep step(byte[] token, ConnectionInfo connection) {
                connections.add(connection);
                String t = new String(token, StandardCharsets.US_ASCII);
                if (!challenged && t.equals("hello")) {
                    challenged = true;
                    return new AuthStep.Continue("challenge".getBytes(StandardCharsets.US_ASCII));
                }
                if (challenged && t.startsWith("answer:")) {
                    int session = Integer.parseInt(t.substring(7));
                    return new AuthStep.Success(new AuthenticatedUser("bob", "Negotiate"),
                            Optional.of(FakeSealingContext.pair(EncryptionProtocol.SPNEGO, session)[1]),
                            "done".getBytes(StandardCharsets.US_ASCII));
                }
                return new AuthStep.Failure("bad leg");
            }
        };
    }

    static String negotiate(String token) {
        return "Negotiate " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.US_ASCII));
    }
}
