package io.openwinrm.auth.kerberos;

import com.sun.security.jgss.ExtendedGSSContext;
import com.sun.security.jgss.GSSUtil;
import io.openwinrm.auth.spi.DelegatedCredentials;
import com.sun.security.jgss.InquireType;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.EncryptionKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.kerberos.KeyTab;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.MessageProp;
import org.ietf.jgss.Oid;

/**
 * The server's side of a Kerberos authentication (RFC 4121 section 4.1, RFC 4120 3.2), with the JDK's JGSS and a
 * keytab: one AP-REQ in, the AP-REP out (mutual authentication), the client's principal, and the context's key and
 * first sequence number for {@link KerberosSessionSecurity}.
 *
 * <p>The keytab may hold several service principals ({@code HTTP/host}, {@code WSMAN/host}, with or without a port):
 * unless one is configured, a ticket for any of them is accepted, as Windows accepts both names. JGSS keeps a replay
 * cache and checks the clock skew (krb5.conf {@code clockskew}, 5 minutes by default). Only AES session keys are
 * accepted: RC4-HMAC and DES contexts are refused, since the messages could not be sealed as this server requires.
 *
 * <p>Thread-safe; one instance serves every connection.
 */
public final class KerberosAcceptor {

    /** The Kerberos V5 GSS mechanism, RFC 1964. */
    public static final Oid KRB5 = Jgss.KRB5;

    private static final GSSManager MANAGER = GSSManager.getInstance();

    private final Subject subject;
    private final GSSCredential credential;

    private KerberosAcceptor(Subject subject, GSSCredential credential) {
        this.subject = subject;
        this.credential = credential;
    }

    /**
     * An acceptor with the keys of {@code keytab}.
     *
     * @param principal the one service principal to accept ({@code HTTP/host@REALM}); empty for any in the keytab
     * @throws KerberosException if the keytab is missing or unreadable, or holds no usable key
     */
    public static KerberosAcceptor fromKeytab(Path keytab, Optional<String> principal) throws KerberosException {
        if (!Files.isReadable(keytab)) {
            throw new KerberosException("the keytab " + keytab + " does not exist or is not readable");
        }
        File file = keytab.toFile();
        Subject subject = new Subject();
        KeyTab kt = principal.map(p -> KeyTab.getInstance(new KerberosPrincipal(p), file))
                .orElseGet(() -> KeyTab.getUnboundInstance(file));
        subject.getPrivateCredentials().add(kt);
        principal.ifPresent(p -> subject.getPrincipals().add(new KerberosPrincipal(p)));
        try {
            GSSCredential credential = Jgss.as(subject, () -> MANAGER.createCredential(
                    principal.isPresent() ? MANAGER.createName(principal.get(), Jgss.KRB5_PRINCIPAL) : null,
                    GSSCredential.INDEFINITE_LIFETIME, KRB5, GSSCredential.ACCEPT_ONLY));
            return new KerberosAcceptor(subject, credential);
        } catch (GSSException e) {
            throw new KerberosException("the keytab " + keytab + " cannot accept Kerberos: " + e.getMessage());
        }
    }

    /**
     * Accepts one Kerberos GSS initial context token (the AP-REQ, RFC 4121 4.1). Channel bindings are not checked:
     * JGSS hashes an address-less binding with address type 255 where MIT and Windows use 0, so it would refuse every
     * HTTPS client that sends one; checking them needs the authenticator decrypted here (README, "Not there yet").
     *
     * @param token               the client's token, with its GSS framing ({@code 60 ...} and the krb5 OID)
     * @param encryptionProtocol  the protocol string the sealed bodies of this scheme carry
     * @throws KerberosException  for anything refused: bad or replayed tickets, unknown service, skew, a non-AES
     *                            session key, a context that needs more legs
     */
    public Accepted accept(byte[] token, String encryptionProtocol) throws KerberosException {
        GSSContext context = null;
        try {
            GSSContext ctx = MANAGER.createContext(credential);
            context = ctx;
            byte[] reply = Jgss.as(subject, () -> ctx.acceptSecContext(token, 0, token.length));
            if (!ctx.isEstablished()) {
                throw new KerberosException("the Kerberos context needs more than one leg (DCE style or user-to-user"
                        + " is not supported)");
            }
            String principal = ctx.getSrcName().toString();
            EncryptionKey key = (EncryptionKey) ((ExtendedGSSContext) ctx)
                    .inquireSecContext(InquireType.KRB5_GET_SESSION_KEY_EX);
            Optional<EncryptionType> type = EncryptionType.of(key.getKeyType());
            if (type.isEmpty()) {
                throw new KerberosException("session key of encryption type " + key.getKeyType()
                        + " refused: only AES (17, 18, 19, 20) can seal messages", principal);
            }
            // our first sequence number is the one of the AP-REP; a wrap token made (and thrown away) now carries it
            byte[] probe = ctx.wrap(new byte[0], 0, 0, new MessageProp(0, true));
            if (probe.length < WrapTokenHeader.LENGTH || probe[0] != 0x05 || probe[1] != 0x04) {
                throw new KerberosException("the context does not make RFC 4121 tokens", principal);
            }
            long firstSequence = ByteBuffer.wrap(probe, 8, 8).getLong();
            Optional<DelegatedCredentials> delegated = delegated(ctx, principal);
            KerberosSessionSecurity security = KerberosSessionSecurity.acceptor(type.get(), key.getEncoded(), false,
                    firstSequence, encryptionProtocol);
            return new Accepted(principal, reply == null ? new byte[0] : reply, security, delegated);
        } catch (GSSException e) {
            throw new KerberosException("Kerberos authentication refused: " + e.getMessage());
        } finally {
            if (context != null) {
                try {
                    context.dispose();
                } catch (GSSException ignored) {
                    // nothing held that matters
                }
            }
        }
    }

    /**
     * The TGT the client forwarded in its authenticator (RFC 4121 4.1.1.1, the KRB-CRED JGSS decrypts), as a
     * credential cache image; empty when it delegated none (or a forwarded ticket is unusable, which only loses the
     * second hop, never the logon).
     */
    private static Optional<DelegatedCredentials> delegated(GSSContext ctx, String principal) throws GSSException {
        if (!ctx.getCredDelegState()) {
            return Optional.empty();
        }
        GSSCredential credential = ctx.getDelegCred();
        if (credential == null) {
            return Optional.empty();
        }
        List<KerberosTicket> tickets = new ArrayList<>(GSSUtil.createSubject(null, credential)
                .getPrivateCredentials(KerberosTicket.class));
        tickets.removeIf(t -> t.getEndTime() == null || t.getSessionKey() == null);
        if (tickets.isEmpty()) {
            return Optional.empty();
        }
        KerberosTicket tgt = tickets.get(0);
        return Optional.of(new DelegatedCredentials(principal, tgt.getEndTime().toInstant(),
                CredentialCacheFile.encode(tickets)));
    }

    /**
     * One accepted context.
     *
     * @param principal  the client, {@code name@REALM}
     * @param replyToken the AP-REP GSS token for the final 200 (empty when the client did not ask for mutual
     *                   authentication)
     * @param security   message sealing with the context key
     * @param delegated  the client's forwarded TGT, when it delegated one
     */
    public record Accepted(String principal, byte[] replyToken, KerberosSessionSecurity security,
                           Optional<DelegatedCredentials> delegated) {
        public Accepted {
            replyToken = replyToken.clone();
        }

        @Override
        public byte[] replyToken() {
            return replyToken.clone();
        }
    }
}
