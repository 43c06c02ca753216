package io.openwinrm.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openwinrm.auth.encryption.DecryptedMessage;
import io.openwinrm.auth.encryption.EncryptedMessageCodec;
import io.openwinrm.auth.negotiate.NegotiateInitiator;
import io.openwinrm.auth.negotiate.NegotiateMechanismFactory;
import io.openwinrm.auth.ntlm.NtlmAcceptor;
import io.openwinrm.auth.ntlm.NtlmInitiator;
import io.openwinrm.auth.ntlm.NtlmSessionSecurity;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The binary seeds start deep: the kept files are exactly what {@link Seeds} builds, and each gets past the
 * handshake or decryption it was made for. With {@code -Dopenwinrm.fuzz.write-seeds=true} the files are (re)written
 * first.
 */
class SeedFilesTest {

    private static final Path INPUTS = Path.of("src/test/resources/io/openwinrm/fuzz");

    @Test
    void keptSeedsAreTheBuiltOnes() throws Exception {
        boolean write = Boolean.getBoolean("openwinrm.fuzz.write-seeds");
        for (Map.Entry<Class<?>, Map<String, byte[]>> target : Seeds.all().entrySet()) {
            Class<?> type = target.getKey();
            String method = Arrays.stream(type.getDeclaredMethods())
                    .filter(m -> m.isAnnotationPresent(FuzzTest.class))
                    .findFirst().orElseThrow().getName();
            Path dir = INPUTS.resolve(type.getSimpleName() + "Inputs").resolve(method);
            for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
                Path file = dir.resolve(seed.getKey());
                if (write) {
                    Files.createDirectories(dir);
                    Files.write(file, seed.getValue());
                }
                assertThat(file).as("seed %s (rebuild with -Dopenwinrm.fuzz.write-seeds=true)", file)
                        .hasBinaryContent(seed.getValue());
            }
        }
    }

    @Test
    void ntlmSeedLogsOn() throws Exception {
        List<byte[]> t = Tokens.split(Seeds.ntlm().get("ms-nlmp-4.2.4-logon"), 2);
        NtlmAcceptor acceptor = new NtlmAcceptor(NtlmVectors.acceptorSettings());
        acceptor.challenge(t.get(0));
        assertThat(acceptor.authenticate(t.get(1), new NtlmFuzzTest.PlainConnection()).accountName())
                .isEqualTo(NtlmVectors.USER);

        NtlmInitiator client = new NtlmInitiator(NtlmVectors.initiatorSettings());
        client.negotiate();
        client.authenticate(Tokens.split(Seeds.ntlm().get("openwinrm-challenge"), 1).get(0));
        assertThat(client.micSent()).isTrue();
    }

    @Test
    void spnegoSeedsCompleteBothSides() throws Exception {
        List<byte[]> t = Tokens.split(Seeds.spnego().get("ms-nlmp-4.2.4-spnego-logon"), 3);
        AuthMechanism server = NegotiateMechanismFactory.negotiate(NtlmVectors.acceptorSettings()).create();
        assertThat(server.step(t.get(0), new NtlmFuzzTest.PlainConnection())).isInstanceOf(AuthStep.Continue.class);
        assertThat(server.step(t.get(1), new NtlmFuzzTest.PlainConnection())).isInstanceOf(AuthStep.Success.class);

        List<byte[]> s = Tokens.split(Seeds.spnego().get("openwinrm-server-spnego"), 3);
        NegotiateInitiator client = new NegotiateInitiator(NtlmVectors.initiatorSettings(),
                NegotiateInitiator.Framing.SPNEGO);
        client.initialToken();
        client.respond(s.get(0));
        client.complete(Optional.of(s.get(1)));
        assertThat(client.isEstablished()).isTrue();
    }

    @Test
    void encryptedSeedsDecrypt() throws Exception {
        byte[] soap = Seeds.resource(WsmanRequestFuzzTest.class, "request/" + Seeds.CREATE);
        for (byte[] seed : Seeds.encrypted().values()) {
            int lf = indexOf(seed, (byte) '\n');
            NtlmSessionSecurity server = NtlmSessionSecurity.acceptor(NtlmVectors.SESSION_KEY);
            DecryptedMessage m = EncryptedMessageCodec.decode(new String(seed, 0, lf, StandardCharsets.ISO_8859_1),
                    Arrays.copyOfRange(seed, lf + 1, seed.length), server);
            assertThat(m.plaintext()).isEqualTo(soap);
        }
    }

    @Test
    void httpSeedsReachTheApplicationOnBothListeners() throws Exception {
        for (String name : List.of("negotiate-ntlm-sealed", "negotiate-spnego-sealed")) {
            HttpPipelineFuzzTest target = new HttpPipelineFuzzTest();
            target.serverPipeline(Seeds.http().get(name));
            assertThat(target.authenticated).as(name).isEqualTo(2);
        }
        HttpPipelineFuzzTest basic = new HttpPipelineFuzzTest();
        basic.serverPipeline(Seeds.http().get("basic-create"));
        assertThat(basic.authenticated).as("Basic: on the AllowUnencrypted listener only").isEqualTo(1);
    }

    private static int indexOf(byte[] b, byte value) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
