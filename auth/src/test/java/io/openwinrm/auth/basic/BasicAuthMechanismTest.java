package io.openwinrm.auth.basic;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.ConnectionInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BasicAuthMechanismTest {

    private static final ConnectionInfo CONN = new ConnectionInfo() {
        @Override public InetSocketAddress remoteAddress() { return new InetSocketAddress("127.0.0.1", 40000); }
        @Override public InetSocketAddress localAddress() { return new InetSocketAddress("127.0.0.1", 5986); }
        @Override public boolean secure() { return true; }
        @Override public String listenerName() { return "https"; }
    };

    private final List<char[]> seenPasswords = new ArrayList<>();
    private final BasicAuthMechanismFactory factory = new BasicAuthMechanismFactory((user, password, c) -> {
        seenPasswords.add(password);
        return user.equals("alice") && new String(password).equals("s3cr:et \u00e9");
    });

    private AuthStep step(String credentials) {
        return factory.create().step(credentials.getBytes(StandardCharsets.UTF_8), CONN);
    }

    @Test
    void factoryAdvertisesRealmAndRefusesPlainHttp() {
        assertThat(factory.scheme()).isEqualTo("Basic");
        assertThat(factory.challenge()).isEqualTo("Basic realm=\"WSMAN\"");
        assertThat(factory.allowedOnInsecureChannel()).isFalse();
        assertThat(factory.connectionBound()).isFalse();
    }

    @Test
    void rightPasswordWithColonAndNonAsciiSucceeds() {
        AuthStep step = step("alice:s3cr:et \u00e9");
        assertThat(step).isInstanceOf(AuthStep.Success.class);
        AuthStep.Success success = (AuthStep.Success) step;
        assertThat(success.user().name()).isEqualTo("alice");
        assertThat(success.user().mechanism()).isEqualTo("Basic");
        assertThat(success.securityContext()).isEmpty();
        assertThat(success.hasReplyToken()).isFalse();
    }

    @Test
    void wrongPasswordFailsWithUserNameButWithoutPassword() {
        AuthStep step = step("alice:wrong-password");
        assertThat(step).isInstanceOf(AuthStep.Failure.class);
        AuthStep.Failure failure = (AuthStep.Failure) step;
        assertThat(failure.userName()).contains("alice");
        assertThat(failure.reason()).doesNotContain("wrong-password");
    }

    @Test
    void passwordArrayIsWipedAfterTheCall() {
        step("alice:s3cr:et \u00e9");
        assertThat(seenPasswords).hasSize(1);
        assertThat(new String(seenPasswords.get(0))).matches("\u0000+");
    }

    @Test
    void malformedCredentialsFailWithoutCallingThePolicy() {
        AuthMechanism mechanism = factory.create();
        assertThat(mechanism.step(new byte[0], CONN)).isInstanceOf(AuthStep.Failure.class);
        assertThat(((AuthStep.Failure) step("no-colon")).reason()).contains("':'");
        assertThat(((AuthStep.Failure) step(":password")).reason()).contains("empty user name");
        assertThat(((AuthStep.Failure) step("bad\u0001user:pw")).reason()).contains("control");
        AuthStep notUtf8 = mechanism.step(new byte[] {'a', (byte) 0xC3, ':', 'b'}, CONN);
        assertThat(((AuthStep.Failure) notUtf8).reason()).contains("UTF-8");
        assertThat(mechanism.step(new byte[BasicAuthMechanism.MAX_TOKEN_BYTES + 1], CONN))
                .isInstanceOf(AuthStep.Failure.class);
        assertThat(seenPasswords).isEmpty();
    }
}
