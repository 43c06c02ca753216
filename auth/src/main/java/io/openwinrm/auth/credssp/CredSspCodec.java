package io.openwinrm.auth.credssp;

import io.openwinrm.auth.spnego.Der;
import io.openwinrm.auth.spnego.SpnegoException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * DER encoding and strict decoding of the CredSSP structures ([MS-CSSP] 2.2.1): {@link TsRequest} and
 * TSCredentials holding TSPasswordCreds. Every byte is hostile: a whole message is at most
 * {@link #MAX_TS_REQUEST} bytes, there are at most {@link #MAX_NEGO_TOKENS} negotiation tokens, fields must come in
 * ascending tag order without repeats, unknown tags and trailing bytes are refused, the nonce is exactly 32 bytes and
 * each credential string at most {@link #MAX_CREDENTIAL_FIELD} bytes of UTF-16LE. Nesting is fixed by the grammar, so
 * no input can make the decoder recurse. Stateless and thread-safe.
 */
public final class CredSspCodec {

    /** Largest TSRequest accepted: far above NTLM's and a Kerberos AP-REQ with a large PAC. */
    public static final int MAX_TS_REQUEST = 64 * 1024;

    /** Most negoTokens entries accepted; every known client sends one. */
    public static final int MAX_NEGO_TOKENS = 4;

    /** Length of the version 5+ client nonce ([MS-CSSP] 2.2.1). */
    public static final int NONCE_LENGTH = 32;

    /** Largest domain, user name or password accepted, in bytes of UTF-16LE. */
    public static final int MAX_CREDENTIAL_FIELD = 2048;

    /** TSCredentials.credType of TSPasswordCreds ([MS-CSSP] 2.2.1.2). */
    public static final int CRED_TYPE_PASSWORD = 1;

    private CredSspCodec() {
    }

    /** Encodes a TSRequest; fields absent from {@code request} are omitted. */
    public static byte[] encode(TsRequest request) {
        List<byte[]> fields = new ArrayList<>();
        fields.add(Der.tlv(Der.context(0), Der.integer(request.version())));
        if (!request.negoTokens().isEmpty()) {
            List<byte[]> items = new ArrayList<>();
            for (byte[] token : request.negoTokens()) {
                items.add(Der.tlv(Der.SEQUENCE, Der.tlv(Der.context(0), Der.tlv(Der.OCTET_STRING, token))));
            }
            fields.add(Der.tlv(Der.context(1), Der.tlv(Der.SEQUENCE, items.toArray(byte[][]::new))));
        }
        request.authInfo().ifPresent(a -> fields.add(Der.tlv(Der.context(2), Der.tlv(Der.OCTET_STRING, a))));
        request.pubKeyAuth().ifPresent(p -> fields.add(Der.tlv(Der.context(3), Der.tlv(Der.OCTET_STRING, p))));
        request.errorCode().ifPresent(e -> fields.add(Der.tlv(Der.context(4), Der.integer(e))));
        request.clientNonce().ifPresent(n -> fields.add(Der.tlv(Der.context(5), Der.tlv(Der.OCTET_STRING, n))));
        return Der.tlv(Der.SEQUENCE, fields.toArray(byte[][]::new));
    }

    /**
     * Decodes a TSRequest.
     *
     * @throws CredSspException if the bytes are not exactly one well-formed TSRequest within the limits
     */
    public static TsRequest decode(byte[] der) throws CredSspException {
        if (der.length > MAX_TS_REQUEST) {
            throw new CredSspException("TSRequest of " + der.length + " bytes exceeds " + MAX_TS_REQUEST);
        }
        try {
            Der.Reader outer = new Der.Reader(der);
            Der.Reader seq = outer.read(Der.SEQUENCE);
            outer.expectEnd("TSRequest");
            int last = -1;
            OptionalLong version = OptionalLong.empty();
            List<byte[]> tokens = List.of();
            Optional<byte[]> authInfo = Optional.empty();
            Optional<byte[]> pubKeyAuth = Optional.empty();
            OptionalLong errorCode = OptionalLong.empty();
            Optional<byte[]> nonce = Optional.empty();
            while (seq.hasMore()) {
                int tag = seq.peekTag();
                int n = tag & 0x1F;
                if ((tag & 0xE0) != 0xA0 || n > 5) {
                    throw new CredSspException(String.format("TSRequest: unknown field tag 0x%02x", tag));
                }
                if (n <= last) {
                    throw new CredSspException("TSRequest: field [" + n + "] out of order or repeated");
                }
                last = n;
                Der.Reader field = seq.read(tag);
                switch (n) {
                    case 0 -> version = OptionalLong.of(field.readInteger());
                    case 1 -> tokens = negoData(field);
                    case 2 -> authInfo = Optional.of(field.readOctetString());
                    case 3 -> pubKeyAuth = Optional.of(field.readOctetString());
                    case 4 -> errorCode = OptionalLong.of(field.readInteger());
                    default -> {
                        byte[] v = field.readOctetString();
                        if (v.length != NONCE_LENGTH) {
                            throw new CredSspException("TSRequest: clientNonce of " + v.length + " bytes, not 32");
                        }
                        nonce = Optional.of(v);
                    }
                }
                field.expectEnd("TSRequest field [" + n + "]");
            }
            if (version.isEmpty()) {
                throw new CredSspException("TSRequest without a version");
            }
            long v = version.getAsLong();
            if (v < 2 || v > 0xFFFF) {
                throw new CredSspException("TSRequest version " + v + " is not supported");
            }
            return new TsRequest((int) v, tokens, authInfo, pubKeyAuth, errorCode, nonce);
        } catch (SpnegoException e) {
            throw new CredSspException("TSRequest: " + e.getMessage());
        }
    }

    private static List<byte[]> negoData(Der.Reader field) throws SpnegoException, CredSspException {
        Der.Reader list = field.read(Der.SEQUENCE);
        List<byte[]> tokens = new ArrayList<>();
        while (list.hasMore()) {
            if (tokens.size() == MAX_NEGO_TOKENS) {
                throw new CredSspException("TSRequest: more than " + MAX_NEGO_TOKENS + " negoTokens");
            }
            Der.Reader item = list.read(Der.SEQUENCE);
            Der.Reader token = item.read(Der.context(0));
            tokens.add(token.readOctetString());
            token.expectEnd("negoToken");
            item.expectEnd("NegoData item");
        }
        return tokens;
    }

    /** Encodes TSCredentials with TSPasswordCreds (the client side; tests). The result holds the password. */
    public static byte[] encodeCredentials(String domain, String userName, char[] password) {
        byte[] pw = utf16le(password);
        try {
            byte[] creds = Der.tlv(Der.SEQUENCE,
                    Der.tlv(Der.context(0), Der.tlv(Der.OCTET_STRING, domain.getBytes(StandardCharsets.UTF_16LE))),
                    Der.tlv(Der.context(1), Der.tlv(Der.OCTET_STRING, userName.getBytes(StandardCharsets.UTF_16LE))),
                    Der.tlv(Der.context(2), Der.tlv(Der.OCTET_STRING, pw)));
            return Der.tlv(Der.SEQUENCE, Der.tlv(Der.context(0), Der.integer(CRED_TYPE_PASSWORD)),
                    Der.tlv(Der.context(1), Der.tlv(Der.OCTET_STRING, creds)));
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    /**
     * Decodes TSCredentials ([MS-CSSP] 2.2.1.2) holding TSPasswordCreds (2.2.1.2.1). Smart-card and Remote Credential
     * Guard credentials are refused. Intermediate copies of the password are zeroed; {@code der} is not (the caller
     * owns and zeroes it).
     *
     * @throws CredSspException if malformed, of another credential type, or a field is too long or not UTF-16LE
     */
    public static TsPasswordCredentials decodeCredentials(byte[] der) throws CredSspException {
        if (der.length > MAX_TS_REQUEST) {
            throw new CredSspException("TSCredentials of " + der.length + " bytes exceeds " + MAX_TS_REQUEST);
        }
        byte[] inner = null;
        byte[] pw = null;
        try {
            Der.Reader outer = new Der.Reader(der);
            Der.Reader seq = outer.read(Der.SEQUENCE);
            outer.expectEnd("TSCredentials");
            Der.Reader typeField = seq.read(Der.context(0));
            long type = typeField.readInteger();
            typeField.expectEnd("credType");
            if (type != CRED_TYPE_PASSWORD) {
                throw new CredSspException("TSCredentials credType " + type + " is not supported (only passwords)");
            }
            Der.Reader credField = seq.read(Der.context(1));
            inner = credField.readOctetString();
            credField.expectEnd("credentials");
            seq.expectEnd("TSCredentials");

            Der.Reader creds = new Der.Reader(inner).read(Der.SEQUENCE);
            String domain = string(creds, 0, "domainName");
            String user = string(creds, 1, "userName");
            Der.Reader pwField = creds.read(Der.context(2));
            pw = pwField.readOctetString();
            pwField.expectEnd("password");
            creds.expectEnd("TSPasswordCreds");
            checkLength(pw, "password");
            char[] password = new char[pw.length / 2];
            for (int i = 0; i < password.length; i++) {
                password[i] = (char) ((pw[2 * i] & 0xFF) | (pw[2 * i + 1] & 0xFF) << 8);
            }
            if (user.isEmpty()) {
                Arrays.fill(password, '\0');
                throw new CredSspException("TSPasswordCreds with an empty user name");
            }
            return new TsPasswordCredentials(domain, user, password);
        } catch (SpnegoException e) {
            throw new CredSspException("TSCredentials: " + e.getMessage());
        } finally {
            if (inner != null) {
                Arrays.fill(inner, (byte) 0);
            }
            if (pw != null) {
                Arrays.fill(pw, (byte) 0);
            }
        }
    }

    private static String string(Der.Reader creds, int tag, String what) throws SpnegoException, CredSspException {
        Der.Reader field = creds.read(Der.context(tag));
        byte[] v = field.readOctetString();
        field.expectEnd(what);
        checkLength(v, what);
        String s = new String(v, StandardCharsets.UTF_16LE);
        if (s.indexOf('\0') >= 0 || s.indexOf('\uFFFD') >= 0) {
            throw new CredSspException("TSPasswordCreds " + what + " is not valid UTF-16LE text");
        }
        return s;
    }

    private static void checkLength(byte[] v, String what) throws CredSspException {
        if (v.length > MAX_CREDENTIAL_FIELD) {
            throw new CredSspException("TSPasswordCreds " + what + " of " + v.length + " bytes is too long");
        }
        if (v.length % 2 != 0) {
            throw new CredSspException("TSPasswordCreds " + what + " has an odd byte count (not UTF-16LE)");
        }
    }

    private static byte[] utf16le(char[] s) {
        byte[] out = new byte[s.length * 2];
        for (int i = 0; i < s.length; i++) {
            out[2 * i] = (byte) s[i];
            out[2 * i + 1] = (byte) (s[i] >>> 8);
        }
        return out;
    }
}
