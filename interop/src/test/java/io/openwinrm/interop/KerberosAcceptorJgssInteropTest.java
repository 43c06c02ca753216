package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.auth.kerberos.Jgss;
import io.openwinrm.auth.kerberos.KerberosAcceptor;
import io.openwinrm.auth.kerberos.KerberosException;
import io.openwinrm.auth.kerberos.KerberosSessionSecurity;
import io.openwinrm.auth.spi.SecurityContext.SealedMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The acceptor against another Kerberos implementation's initiator: the JDK's own JGSS client, logged in from a
 * credential cache MIT's kinit wrote, asking the realm's real KDC for {@code HTTP/localhost}. Its wrap tokens (RRC 0)
 * must open with our context key and sequence numbers, ours (RRC 28, Windows' layout) must open in JGSS, and bad
 * AP-REQs (replayed, for another service, truncated, garbage) are refused with a reason and nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KerberosAcceptorJgssInteropTest {

    private static final GSSManager MANAGER = GSSManager.getInstance();

    private KerberosAcceptor acceptor;
    private Subject client;

    @BeforeAll
    void realm() throws Exception {
        KerberosRealm.kdc();
        acceptor = KerberosAcceptor.fromKeytab(KerberosRealm.serviceKeytab(), Optional.empty());
        client = login(KerberosRealm.cache("tester"));
    }

    @Test
    void jgssClientAuthenticatesMutuallyAndBothSidesSealForEachOther() throws Exception {
        GSSContext initiator = initiator("localhost");
        byte[] apReq = as(() -> initiator.initSecContext(new byte[0], 0, 0));
        KerberosAcceptor.Accepted accepted = acceptor.accept(apReq, KerberosSessionSecurity.KERBEROS_PROTOCOL);
        assertThat(accepted.principal()).isEqualTo("tester@" + KerberosRealm.REALM);
        assertThat(accepted.replyToken()).as("AP-REP for mutual authentication").isNotEmpty();
        as(() -> initiator.initSecContext(accepted.replyToken(), 0, accepted.replyToken().length));
        assertThat(initiator.isEstablished()).isTrue();
        assertThat(initiator.getMutualAuthState()).isTrue();

        KerberosSessionSecurity server = accepted.security();
        for (int i = 0; i < 3; i++) {
            byte[] request = ("<s:Envelope>request " + i + "</s:Envelope>").getBytes(StandardCharsets.UTF_8);
            byte[] token = initiator.wrap(request, 0, request.length, new MessageProp(0, true));
            assertThat(server.unwrap(new SealedMessage(Arrays.copyOf(token, 16),
                    Arrays.copyOfRange(token, 16, token.length)))).isEqualTo(request);

            byte[] reply = new byte[100 + 1000 * i];
            new Random(i).nextBytes(reply);
            SealedMessage sealed = server.wrap(reply);
            assertThat(sealed.header()).hasSize(60);
            byte[] joined = Arrays.copyOf(sealed.header(), sealed.header().length + sealed.ciphertext().length);
            System.arraycopy(sealed.ciphertext(), 0, joined, sealed.header().length, sealed.ciphertext().length);
            MessageProp prop = new MessageProp(0, true);
            assertThat(initiator.unwrap(joined, 0, joined.length, prop)).isEqualTo(reply);
            assertThat(prop.getPrivacy()).isTrue();
            assertThat(prop.isDuplicateToken() || prop.isGapToken() || prop.isOldToken() || prop.isUnseqToken())
                    .as("JGSS saw our sequence numbers in order").isFalse();
        }
    }

    @Test
    void aReplayedApReqIsRefused() throws Exception {
        GSSContext initiator = initiator("localhost");
        byte[] apReq = as(() -> initiator.initSecContext(new byte[0], 0, 0));
        acceptor.accept(apReq, KerberosSessionSecurity.KERBEROS_PROTOCOL);
        assertThatThrownBy(() -> acceptor.accept(apReq, KerberosSessionSecurity.KERBEROS_PROTOCOL))
                .isInstanceOf(KerberosException.class).hasMessageContaining("refused");
    }

    @Test
    void aTicketForAnotherServiceIsRefused() throws Exception {
        GSSContext initiator = initiator("elsewhere");
        byte[] apReq = as(() -> initiator.initSecContext(new byte[0], 0, 0));
        assertThatThrownBy(() -> acceptor.accept(apReq, KerberosSessionSecurity.KERBEROS_PROTOCOL))
                .isInstanceOf(KerberosException.class);
    }

    @Test
    void truncatedGarbageAndOversizedTokensAreRefusedCleanly() throws Exception {
        GSSContext initiator = initiator("localhost");
        byte[] apReq = as(() -> initiator.initSecContext(new byte[0], 0, 0));
        Random random = new Random(4120);
        for (int i = 0; i < 300; i++) {
            byte[] bad = Arrays.copyOf(apReq, random.nextInt(apReq.length));
            if (bad.length > 0 && i % 2 == 0) {
                bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
            }
            assertThatThrownBy(() -> acceptor.accept(bad, KerberosSessionSecurity.KERBEROS_PROTOCOL))
                    .isInstanceOf(KerberosException.class);
        }
        byte[] huge = new byte[1 << 20];
        random.nextBytes(huge);
        huge[0] = 0x60;
        assertThatThrownBy(() -> acceptor.accept(huge, KerberosSessionSecurity.KERBEROS_PROTOCOL))
                .isInstanceOf(KerberosException.class);
    }

    /**
     * A service ticket the KDC issued for two seconds, used after it ended and after the tolerated skew (the realm's
     * krb5.conf says 10 s; RFC 4120 3.2.3 accepts a ticket until its end plus the skew): the client's copy is made to
     * claim a later end (the real one is inside the ticket, sealed with the service key), so the AP-REQ is sent and
     * only the acceptor can refuse it.
     */
    @Test
    void anExpiredTicketIsRefused() throws Exception {
        Path cache = Files.createTempFile(KerberosRealm.kdc().directory(), "short", ".ccache");
        KerberosRealm.kdc().kinit("tester", KerberosRealm.PASSWORD, cache, "-l", "2s");
        Subject shortLived = login(cache);
        GSSContext first = initiator("localhost", shortLived);
        Jgss.as(shortLived, () -> first.initSecContext(new byte[0], 0, 0));
        KerberosTicket service = shortLived.getPrivateCredentials(KerberosTicket.class).stream()
                .filter(t -> t.getServer().getName().startsWith("HTTP/localhost")).findFirst().orElseThrow();
        Date realEnd = service.getEndTime();
        assertThat(realEnd.getTime() - System.currentTimeMillis()).isLessThan(3_000);
        while (System.currentTimeMillis() <= realEnd.getTime() + 11_000) {
            Thread.sleep(200);
        }
        Subject forged = new Subject();
        forged.getPrincipals().addAll(shortLived.getPrincipals());
        forged.getPrivateCredentials().add(new KerberosTicket(service.getEncoded(), service.getClient(),
                service.getServer(), service.getSessionKey().getEncoded(), service.getSessionKeyType(),
                service.getFlags(), service.getAuthTime(), service.getStartTime(),
                new Date(System.currentTimeMillis() + 3_600_000), null, null));
        GSSContext late = initiator("localhost", forged);
        byte[] apReq = Jgss.as(forged, () -> late.initSecContext(new byte[0], 0, 0));
        assertThatThrownBy(() -> acceptor.accept(apReq, KerberosSessionSecurity.KERBEROS_PROTOCOL))
                .isInstanceOf(KerberosException.class).hasMessageContaining("xpired");
    }

    private GSSContext initiator(String host) throws Exception {
        return initiator(host, client);
    }

    private static GSSContext initiator(String host, Subject who) throws Exception {
        return Jgss.as(who, () -> {
            GSSContext c = MANAGER.createContext(MANAGER.createName("HTTP@" + host, GSSName.NT_HOSTBASED_SERVICE),
                    KerberosAcceptor.KRB5, null, GSSContext.DEFAULT_LIFETIME);
            c.requestMutualAuth(true);
            c.requestConf(true);
            c.requestInteg(true);
            c.requestSequenceDet(true);
            c.requestReplayDet(true);
            return c;
        });
    }

    private <T> T as(Jgss.Call<T> call) throws Exception {
        return Jgss.as(client, call);
    }

    private static Subject login(Path cache) throws Exception {
        Configuration config = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("useTicketCache", "true", "ticketCache", cache.toString(), "doNotPrompt", "true",
                                "isInitiator", "true"))};
            }
        };
        LoginContext lc = new LoginContext("openwinrm-test", new Subject(), null, config);
        lc.login();
        return lc.getSubject();
    }
}
