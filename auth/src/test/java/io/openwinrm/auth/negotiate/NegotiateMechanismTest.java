package io.openwinrm.auth.negotiate;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.account.NtHash;
import io.openwinrm.auth.ntlm.CbtHardening;
import io.openwinrm.auth.ntlm.NtlmAcceptorSettings;
import io.openwinrm.auth.ntlm.NtHashLookup;
import io.openwinrm.auth.ntlm.NtlmCredentials;
import io.openwinrm.auth.ntlm.NtlmInitiator;
import io.openwinrm.auth.ntlm.NtlmInitiatorSettings;
import io.openwinrm.auth.ntlm.NtlmMessageCodec;
import io.openwinrm.auth.ntlm.NtlmSessionSecurity;
import io.openwinrm.auth.ntlm.TestConnections;
import io.openwinrm.auth.spi.AuthMechanism;
import io.openwinrm.auth.spi.AuthStep;
import io.openwinrm.auth.spi.SecurityContext;
import io.openwinrm.auth.spi.SecurityContext.SealedMessage;
import io.openwinrm.auth.spnego.NegState;
import io.openwinrm.auth.spnego.NegTokenInit;
import io.openwinrm.auth.spnego.NegTokenResp;
import io.openwinrm.auth.spnego.SpnegoCodec;
import io.openwinrm.auth.spnego.SpnegoOids;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NegotiateMechanismTest {

    static final Map<String, byte[]> ACCOUNTS = Map.of("alice", NtHash.of("s3cret!".toCharArray()));
    static final NtHashLookup LOOKUP = NtHashLookup.caseInsensitive(
            n -> Optional.ofNullable(ACCOUNTS.get(n)), ACCOUNTS::keySet);
    static final NegotiateMechanismFactory NEGOTIATE = NegotiateMechanismFactory.of(LOOKUP, "server",
            CbtHardening.RELAXED);
    static final NtlmInitiatorSettings ALICE = NtlmInitiatorSettings.of(
            NtlmCredentials.ofPassword("alice", "", "s3cret!".toCharArray()));

    @Test
    void factoriesDescribeTheirSchemes() {
        assertThat(NEGOTIATE.scheme()).isEqualTo("Negotiate");
        assertThat(NEGOTIATE.challenge()).isEqualTo("Negotiate");
        assertThat(NEGOTIATE.connectionBound()).isTrue();
        assertThat(NEGOTIATE.allowedOnInsecureChannel()).isTrue();
        NegotiateMechanismFactory ntlm = NegotiateMechanismFactory.ntlm(NtlmAcceptorSettings.of(LOOKUP, "server", CbtHardening.RELAXED));
        assertThat(ntlm.scheme()).isEqualTo("NTLM");
        assertThat(ntlm.connectionBound()).isTrue();
        assertThat(ntlm.allowedOnInsecureChannel()).isTrue();
    }

    @Test
    void rawNtlmHandshakeThenTwentyMessagesEachWay() throws Exception {
        NegotiateInitiator client = new NegotiateInitiator(ALICE, NegotiateInitiator.Framing.RAW_NTLM);
        AuthMechanism server = NEGOTIATE.create();
        byte[] first = client.initialToken();
        assertThat(NtlmMessageCodec.isNtlm(first)).isTrue();
        AuthStep.Continue challenge = (AuthStep.Continue) server.step(first, TestConnections.PLAIN);
        assertThat(NtlmMessageCodec.messageType(challenge.token())).isEqualTo(2);
        AuthStep step = server.step(client.respond(challenge.token()), TestConnections.PLAIN);
        AuthStep.Success success = (AuthStep.Success) step;
        assertThat(success.user().name()).isEqualTo("alice");
        assertThat(success.user().mechanism()).isEqualTo("NTLM");
        assertThat(success.hasReplyToken()).isFalse();
        client.complete(Optional.empty());
        exchange(client.sessionSecurity().orElseThrow(), success.securityContext().orElseThrow(), 0);
    }

    @Test
    void spnegoHandshakeWithMechListMicThenTwentyMessagesEachWay() throws Exception {
        NegotiateInitiator client = new NegotiateInitiator(ALICE, NegotiateInitiator.Framing.SPNEGO);
        AuthMechanism server = NEGOTIATE.create();
        byte[] first = client.initialToken();
        assertThat(first[0]).isEqualTo((byte) 0x60);
        AuthStep.Continue cont = (AuthStep.Continue) server.step(first, TestConnections.PLAIN);
        NegTokenResp resp = (NegTokenResp) SpnegoCodec.decode(cont.token());
        assertThat(resp.negState()).contains(NegState.ACCEPT_INCOMPLETE);
        assertThat(resp.supportedMech()).contains(SpnegoOids.NTLM);
        byte[] second = client.respond(cont.token());
        assertThat(((NegTokenResp) SpnegoCodec.decode(second)).mechListMic()).isPresent();
        AuthStep.Success success = (AuthStep.Success) server.step(second, TestConnections.PLAIN);
        NegTokenResp done = (NegTokenResp) SpnegoCodec.decode(success.replyToken());
        assertThat(done.negState()).contains(NegState.ACCEPT_COMPLETED);
        assertThat(done.mechListMic()).isPresent();
        client.complete(Optional.of(success.replyToken()));
        assertThat(client.isEstablished()).isTrue();
        // the mechListMIC consumed seq 0 in each direction
        exchange(client.sessionSecurity().orElseThrow(), success.securityContext().orElseThrow(), 1);
    }

    @Test
    void spnegoWithKerberosPreferredSelectsNtlmWithRequestMic() throws Exception {
        List<String> offered = List.of(SpnegoOids.MS_KERBEROS, SpnegoOids.KERBEROS, SpnegoOids.NTLM);
        byte[] mechTypes = SpnegoCodec.encodeMechTypes(offered);
        AuthMechanism server = NEGOTIATE.create();
        byte[] init = SpnegoCodec.encode(new NegTokenInit(offered, Optional.of(new byte[] {0x60, 0x00}),
                Optional.empty()));
        NegTokenResp r1 = resp(server.step(init, TestConnections.PLAIN));
        assertThat(r1.negState()).contains(NegState.REQUEST_MIC);
        assertThat(r1.supportedMech()).contains(SpnegoOids.NTLM);
        assertThat(r1.responseToken()).isEmpty();

        NtlmInitiator ntlm = new NtlmInitiator(ALICE);
        NegTokenResp r2 = resp(server.step(SpnegoCodec.encode(new NegTokenResp(Optional.empty(), Optional.empty(),
                Optional.of(ntlm.negotiate()), Optional.empty())), TestConnections.PLAIN));
        byte[] authenticate = ntlm.authenticate(r2.responseToken().orElseThrow());
        NtlmSessionSecurity security = ntlm.sessionSecurity().orElseThrow();
        byte[] mic = security.getMic(mechTypes);
        security.resetOutgoingCipher();
        AuthStep last = server.step(SpnegoCodec.encode(new NegTokenResp(Optional.empty(), Optional.empty(),
                Optional.of(authenticate), Optional.of(mic))), TestConnections.PLAIN);
        AuthStep.Success success = (AuthStep.Success) last;
        security.verifyMic(mechTypes, ((NegTokenResp) SpnegoCodec.decode(success.replyToken())).mechListMic()
                .orElseThrow());
        security.resetIncomingCipher();
        exchange(security, success.securityContext().orElseThrow(), 1);
    }

    @Test
    void spnegoWithoutMechListMicAfterNtlmMicFails() throws Exception {
        AuthMechanism server = NEGOTIATE.create();
        NtlmInitiator ntlm = new NtlmInitiator(ALICE);
        byte[] init = SpnegoCodec.encode(new NegTokenInit(List.of(SpnegoOids.NTLM), Optional.of(ntlm.negotiate()),
                Optional.empty()));
        NegTokenResp r1 = resp(server.step(init, TestConnections.PLAIN));
        byte[] authenticate = ntlm.authenticate(r1.responseToken().orElseThrow());
        AuthStep step = server.step(SpnegoCodec.encode(new NegTokenResp(Optional.empty(), Optional.empty(),
                Optional.of(authenticate), Optional.empty())), TestConnections.PLAIN);
        assertThat(step).isInstanceOf(AuthStep.Failure.class);
        assertThat(((AuthStep.Failure) step).reason()).contains("mechListMIC missing");
    }

    @Test
    void spnegoWithTamperedMechListMicFails() throws Exception {
        NegotiateInitiator client = new NegotiateInitiator(ALICE, NegotiateInitiator.Framing.SPNEGO);
        AuthMechanism server = NEGOTIATE.create();
        AuthStep.Continue cont = (AuthStep.Continue) server.step(client.initialToken(), TestConnections.PLAIN);
        NegTokenResp second = (NegTokenResp) SpnegoCodec.decode(client.respond(cont.token()));
        byte[] mic = second.mechListMic().orElseThrow();
        mic[6] ^= 1;
        AuthStep step = server.step(SpnegoCodec.encode(new NegTokenResp(Optional.empty(), Optional.empty(),
                second.responseToken(), Optional.of(mic))), TestConnections.PLAIN);
        assertThat(((AuthStep.Failure) step).reason()).contains("mechListMIC does not verify");
        assertThat(((AuthStep.Failure) step).userName()).contains("alice");
    }

    @Test
    void kerberosWithoutAKeytabIsRefusedClearly() throws Exception {
        byte[] rawKrb = HexFormat.of().parseHex("600f06092a864886f71201020201006e00");
        assertThat(failure(NEGOTIATE.create().step(rawKrb, TestConnections.PLAIN)))
                .isEqualTo("Kerberos is not enabled on this server (no keytab is configured)");
        byte[] spnegoKrb = SpnegoCodec.encode(new NegTokenInit(List.of(SpnegoOids.MS_KERBEROS, SpnegoOids.KERBEROS),
                Optional.of(rawKrb), Optional.empty()));
        assertThat(failure(NEGOTIATE.create().step(spnegoKrb, TestConnections.PLAIN)))
                .isEqualTo("Kerberos is not enabled on this server (no keytab is configured)");
    }

    @Test
    void otherFirstTokensFail() {
        assertThat(failure(NEGOTIATE.create().step(new byte[0], TestConnections.PLAIN))).contains("unrecognised");
        assertThat(failure(NEGOTIATE.create().step("hello".getBytes(), TestConnections.PLAIN)))
                .contains("unrecognised");
        byte[] spnego = new NegotiateInitiator(ALICE, NegotiateInitiator.Framing.SPNEGO).initialToken();
        assertThat(failure(NegotiateMechanismFactory.ntlm(NtlmAcceptorSettings.of(LOOKUP, "s", CbtHardening.RELAXED)).create()
                .step(spnego, TestConnections.PLAIN))).contains("raw NTLMSSP");
    }

    @Test
    void authenticateWithoutNegotiateFails() throws Exception {
        AuthMechanism other = NEGOTIATE.create();
        NtlmInitiator ntlm = new NtlmInitiator(ALICE);
        byte[] challenge = ((AuthStep.Continue) other.step(ntlm.negotiate(), TestConnections.PLAIN)).token();
        byte[] authenticate = ntlm.authenticate(challenge);
        assertThat(failure(NEGOTIATE.create().step(authenticate, TestConnections.PLAIN)))
                .contains("without a NEGOTIATE");
    }

    @Test
    void wrongPasswordFailsWithUserAndTheMechanismStaysFailed() throws Exception {
        NegotiateInitiator client = new NegotiateInitiator(NtlmInitiatorSettings.of(
                NtlmCredentials.ofPassword("alice", "", "wrong".toCharArray())), NegotiateInitiator.Framing.RAW_NTLM);
        AuthMechanism server = NEGOTIATE.create();
        AuthStep.Continue c = (AuthStep.Continue) server.step(client.initialToken(), TestConnections.PLAIN);
        AuthStep step = server.step(client.respond(c.token()), TestConnections.PLAIN);
        assertThat(((AuthStep.Failure) step).userName()).contains("alice");
        assertThat(failure(server.step(new NegotiateInitiator(ALICE, NegotiateInitiator.Framing.RAW_NTLM)
                .initialToken(), TestConnections.PLAIN))).contains("already failed");
    }

    // ------------------------------------------------------------------ helpers

    static void exchange(SecurityContext client, SecurityContext server, int firstSeq) throws Exception {
        for (int i = 0; i < 20; i++) {
            byte[] request = ("<s:Envelope>" + i + "</s:Envelope>").getBytes();
            SealedMessage sealed = client.wrap(request);
            assertThat(sealed.header()[12] & 0xFF).isEqualTo(firstSeq + i);
            assertThat(server.unwrap(sealed)).isEqualTo(request);
            byte[] response = ("reply " + i).getBytes();
            assertThat(client.unwrap(server.wrap(response))).isEqualTo(response);
        }
    }

    private static NegTokenResp resp(AuthStep step) throws Exception {
        assertThat(step).isInstanceOf(AuthStep.Continue.class);
        return (NegTokenResp) SpnegoCodec.decode(((AuthStep.Continue) step).token());
    }

    private static String failure(AuthStep step) {
        assertThat(step).isInstanceOf(AuthStep.Failure.class);
        return ((AuthStep.Failure) step).reason();
    }
}
