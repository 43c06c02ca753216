package io.openwinrm.auth.basic;

import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.PasswordAuthenticator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * One leg: decodes {@code user-id ":" password} as UTF-8 (RFC 7617 section 2.1, {@code charset="UTF-8"}) and asks
 * the {@link PasswordAuthenticator}. Stateless, so one instance per connection costs nothing. The password is
 * held only in a char array that is wiped before returning; it is never logged or put in a failure reason.
 */
final class BasicAuthMechanism implements AuthMechanism {

    static final int MAX_TOKEN_BYTES = 4096;

    private final PasswordAuthenticator authenticator;

    BasicAuthMechanism(PasswordAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public AuthStep step(byte[] token, ConnectionInfo connection) {
        if (token.length == 0) {
            return new AuthStep.Failure("empty Basic credentials");
        }
        if (token.length > MAX_TOKEN_BYTES) {
            return new AuthStep.Failure("Basic credentials longer than " + MAX_TOKEN_BYTES + " bytes");
        }
        char[] chars;
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(token));
            chars = new char[decoded.remaining()];
            decoded.get(chars);
            Arrays.fill(decoded.array(), '\0');
        } catch (CharacterCodingException e) {
            return new AuthStep.Failure("Basic credentials are not valid UTF-8");
        }
        try {
            return check(chars, connection);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private AuthStep check(char[] chars, ConnectionInfo connection) {
        int colon = indexOf(chars, ':');
        if (colon < 0) {
            return new AuthStep.Failure("Basic credentials lack the ':' separator");
        }
        if (colon == 0) {
            return new AuthStep.Failure("Basic credentials have an empty user name");
        }
        for (int i = 0; i < colon; i++) {
            if (Character.isISOControl(chars[i])) {
                return new AuthStep.Failure("Basic user name contains control characters");
            }
        }
        String user = new String(chars, 0, colon);
        char[] password = Arrays.copyOfRange(chars, colon + 1, chars.length);
        try {
            if (authenticator.authenticate(user, password, connection)) {
                return new AuthStep.Success(new AuthenticatedUser(user, BasicAuthMechanismFactory.SCHEME),
                        Optional.empty());
            }
            return new AuthStep.Failure("invalid user name or password", Optional.of(user));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static int indexOf(char[] chars, char c) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
