package io.openwinrm.auth.basic;

import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.auth.spi.PasswordAuthenticator;
import java.util.Objects;

/**
 * Offers {@code Basic realm="WSMAN"} (RFC 7617 section 2). Not allowed on a plain-HTTP channel by itself.
 */
public final class BasicAuthMechanismFactory implements AuthMechanismFactory {

    public static final String SCHEME = "Basic";
    public static final String DEFAULT_REALM = "WSMAN";

    private final PasswordAuthenticator authenticator;
    private final String realm;

    public BasicAuthMechanismFactory(PasswordAuthenticator authenticator) {
        this(authenticator, DEFAULT_REALM);
    }

    public BasicAuthMechanismFactory(PasswordAuthenticator authenticator, String realm) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        if (realm.indexOf('"') >= 0 || realm.indexOf('\\') >= 0 || realm.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("realm must not contain quotes, backslashes or control characters");
        }
        this.realm = realm;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String challenge() {
        return SCHEME + " realm=\"" + realm + "\"";
    }

    @Override
    public boolean allowedOnInsecureChannel() {
        return false;
    }

    @Override
    public AuthMechanism create() {
        return new BasicAuthMechanism(authenticator);
    }
}
