package io.openwinrm.auth.ntlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.auth.spi.SecurityContext.SealedMessage;
import io.openwinrm.auth.spi.SecurityContext.SealingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NtlmSessionSecurityTest {

    private final byte[] key = new byte[16];
    private NtlmSessionSecurity client;
    private NtlmSessionSecurity server;

    @BeforeEach
    void setUp() {
        new Random(7).nextBytes(key);
        client = NtlmSessionSecurity.initiator(key);
        server = NtlmSessionSecurity.acceptor(key);
    }

    static byte[] msg(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void twentyMessagesEachWayKeepTheRc4StreamsAndSequenceNumbers() throws Exception {
        for (int i = 0; i < 20; i++) {
            byte[] request = msg("<s:Envelope>request " + i + "</s:Envelope>".repeat(i + 1));
            SealedMessage sealed = client.wrap(request);
            assertThat(sealed.header()).hasSize(16);
            assertThat(sealed.ciphertext()).hasSize(request.length).isNotEqualTo(request);
            assertThat(sealed.header()[12]).isEqualTo((byte) i);
            assertThat(server.unwrap(sealed)).isEqualTo(request);

            byte[] response = msg("response " + i);
            assertThat(client.unwrap(server.wrap(response))).isEqualTo(response);
        }
        assertThat(client.outgoingSequence()).isEqualTo(20);
        assertThat(server.incomingSequence()).isEqualTo(20);
    }

    @Test
    void sameMessageTwiceEncryptsDifferently() throws Exception {
        SealedMessage a = client.wrap(msg("same"));
        SealedMessage b = client.wrap(msg("same"));
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
    }

    @Test
    void tamperedCiphertextFailsAndPoisonsTheIncomingDirection() throws Exception {
        SealedMessage sealed = client.wrap(msg("hello world"));
        byte[] ct = sealed.ciphertext();
        ct[3] ^= 1;
        assertThatThrownBy(() -> server.unwrap(new SealedMessage(sealed.header(), ct)))
                .isInstanceOf(SealingException.class).hasMessageContaining("signature");
        SealedMessage next = client.wrap(msg("next"));
        assertThatThrownBy(() -> server.unwrap(next)).isInstanceOf(SealingException.class)
                .hasMessageContaining("unusable");
    }

    @Test
    void tamperedChecksumFails() throws Exception {
        SealedMessage sealed = client.wrap(msg("hello"));
        byte[] header = sealed.header();
        header[5] ^= (byte) 0x80;
        assertThatThrownBy(() -> server.unwrap(new SealedMessage(header, sealed.ciphertext())))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void replayedMessageFails() throws Exception {
        SealedMessage first = client.wrap(msg("one"));
        assertThat(server.unwrap(first)).isEqualTo(msg("one"));
        assertThatThrownBy(() -> server.unwrap(first)).isInstanceOf(SealingException.class)
                .hasMessageContaining("out of sequence");
    }

    @Test
    void reorderedMessagesFail() throws Exception {
        SealedMessage first = client.wrap(msg("one"));
        SealedMessage second = client.wrap(msg("two"));
        assertThatThrownBy(() -> server.unwrap(second)).isInstanceOf(SealingException.class)
                .hasMessageContaining("out of sequence");
        assertThatThrownBy(() -> server.unwrap(first)).isInstanceOf(SealingException.class);
    }

    @Test
    void forgedSequenceNumberFails() throws Exception {
        client.wrap(msg("lost"));
        SealedMessage second = client.wrap(msg("two"));
        byte[] header = second.header();
        header[12] = 0;
        assertThatThrownBy(() -> server.unwrap(new SealedMessage(header, second.ciphertext())))
                .isInstanceOf(SealingException.class).hasMessageContaining("signature");
    }

    @Test
    void messageFromOwnDirectionIsRejected() throws Exception {
        SealedMessage fromServer = server.wrap(msg("x"));
        NtlmSessionSecurity otherServer = NtlmSessionSecurity.acceptor(key);
        assertThatThrownBy(() -> otherServer.unwrap(fromServer)).isInstanceOf(SealingException.class);
    }

    @Test
    void badHeaderLengthAndVersionFail() {
        assertThatThrownBy(() -> server.unwrap(new SealedMessage(new byte[15], new byte[4])))
                .isInstanceOf(SealingException.class).hasMessageContaining("16 bytes");
        NtlmSessionSecurity fresh = NtlmSessionSecurity.acceptor(key);
        assertThatThrownBy(() -> fresh.unwrap(new SealedMessage(new byte[16], new byte[4])))
                .isInstanceOf(SealingException.class).hasMessageContaining("version");
    }

    @Test
    void micThenResetKeepsSequenceNumbersButRestartsTheStream() throws Exception {
        byte[] mechTypes = {0x30, 0x0c, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a};
        byte[] clientMic = client.getMic(mechTypes);
        client.resetOutgoingCipher();
        server.verifyMic(mechTypes, clientMic);
        server.resetIncomingCipher();
        byte[] serverMic = server.getMic(mechTypes);
        server.resetOutgoingCipher();
        client.verifyMic(mechTypes, serverMic);
        client.resetIncomingCipher();

        SealedMessage sealed = client.wrap(msg("after mic"));
        assertThat(sealed.header()[12]).isEqualTo((byte) 1);
        // the stream restarted: the same bytes as a fresh context's first message at seq 0, for the data part
        SealedMessage fresh = NtlmSessionSecurity.initiator(key).wrap(msg("after mic"));
        assertThat(sealed.ciphertext()).isEqualTo(fresh.ciphertext());
        assertThat(server.unwrap(sealed)).isEqualTo(msg("after mic"));
        assertThat(client.unwrap(server.wrap(msg("reply")))).isEqualTo(msg("reply"));
    }

    @Test
    void badMicFails() throws Exception {
        byte[] mic = client.getMic(msg("list"));
        assertThatThrownBy(() -> server.verifyMic(msg("other list"), mic)).isInstanceOf(SealingException.class);
    }
}
