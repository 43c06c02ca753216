package io.openwinrm.auth.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one leg of an authentication handshake (RFC 7235; [MS-WSMV] 3.1.4 via HTTP).
 *
 * <ul>
 *   <li>{@link Continue}: more legs follow; the transport answers 401 with {@code WWW-Authenticate: <scheme>
 *       <base64 token>} and keeps the connection (NTLM CHALLENGE, [MS-NLMP] 3.2.5.1.1).</li>
 *   <li>{@link Success}: the request is authenticated; an optional reply token goes into the final 200's
 *       {@code WWW-Authenticate} header (Kerberos AP-REP, RFC 4120 3.2.4).</li>
 *   <li>{@link Failure}: the credentials are rejected; the transport answers 401 and resets the mechanism.</li>
 * </ul>
 */
public sealed interface AuthStep {

    /** Another leg is needed; {@code token} goes back to the client. */
    record Continue(byte[] token) implements AuthStep {
        public Continue {
            token = token.clone();
        }

        @Override
        public byte[] token() {
            return token.clone();
        }
    }

    /**
     * Authentication completed.
     *
     * @param user            the authenticated principal
     * @param securityContext the context for message sealing, empty when the mechanism cannot seal (Basic)
     * @param replyToken      a final token for the client (empty array for none)
     */
    record Success(AuthenticatedUser user, Optional<SecurityContext> securityContext, byte[] replyToken)
            implements AuthStep {
        public Success {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(securityContext, "securityContext");
            replyToken = replyToken.clone();
        }

        public Success(AuthenticatedUser user, Optional<SecurityContext> securityContext) {
            this(user, securityContext, new byte[0]);
        }

        @Override
        public byte[] replyToken() {
            return replyToken.clone();
        }

        public boolean hasReplyToken() {
            return replyToken.length > 0;
        }
    }

    /**
     * Authentication failed.
     *
     * @param reason   a short, log-safe reason (never contains a secret)
     * @param userName the claimed user name when the credentials carried one, for the audit log
     */
    record Failure(String reason, Optional<String> userName) implements AuthStep {
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(userName, "userName");
        }

        public Failure(String reason) {
            this(reason, Optional.empty());
        }
    }
}
